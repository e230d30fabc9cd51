import { z } from 'zod';
import { unexpectedMusicRow } from '../../domain/errors/music.errors.ts';
import type { Visibility } from '../../domain/image.ts';
import type { MusicSet, MusicSetWithTracks, Track, UploadSession } from '../../domain/music.ts';

export const SET_COLUMNS = 'id, title, description, visibility, created_by, created_at, updated_at';

export const TRACK_COLUMNS =
  'id, set_id, position, title, artist, duration_ms, content_type, byte_size, original_filename, sha256, status, uploaded_by, created_at, updated_at';

/** TRACK_COLUMNS of the table aliased `t`, for joins with music_sets (whose column names overlap). */
export const T_TRACK_COLUMNS = TRACK_COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

/** `us` is upload_sessions, `t` its track (the set id lives on the track). */
export const SESSION_COLUMNS =
  'us.upload_id, us.track_id, t.set_id, us.object_key, us.part_size, us.part_count, us.byte_size, us.content_type, us.created_by, us.created_at, us.expires_at';

/** Columns arrive as Dates, but inside json_agg as ISO strings with an offset. */
const timestamp = z
  .union([z.date(), z.string()])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .refine((date) => !Number.isNaN(date.getTime()), 'invalid timestamp');

const count = z.number().int().nonnegative();
const visibility = z.enum(['private', 'public']);

const setRow = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  visibility,
  created_by: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

const trackRow = z.object({
  id: z.string(),
  set_id: z.string(),
  position: z.number().int().positive(),
  title: z.string(),
  artist: z.string().nullable(),
  duration_ms: count.nullable(),
  content_type: z.string(),
  byte_size: count,
  original_filename: z.string(),
  sha256: z.string().nullable(),
  status: z.enum(['uploading', 'ready', 'deleting']),
  uploaded_by: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

const sessionRow = z.object({
  upload_id: z.string(),
  track_id: z.string(),
  set_id: z.string(),
  object_key: z.string(),
  part_size: count,
  part_count: count,
  byte_size: count,
  content_type: z.string(),
  created_by: z.string(),
  created_at: timestamp,
  expires_at: timestamp,
});

/** A row that does not fit is a bug, not data: it never reaches callers half-decoded. */
const decode = <S extends z.ZodType>(schema: S, row: unknown, what: string): z.output<S> => {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw unexpectedMusicRow(what, parsed.error);
  return parsed.data;
};

const toSet = (r: z.output<typeof setRow>): MusicSet => ({
  id: r.id,
  title: r.title,
  description: r.description,
  visibility: r.visibility,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toTrack = (r: z.output<typeof trackRow>): Track => ({
  id: r.id,
  setId: r.set_id,
  position: r.position,
  title: r.title,
  artist: r.artist,
  durationMs: r.duration_ms,
  contentType: r.content_type,
  byteSize: r.byte_size,
  originalFilename: r.original_filename,
  sha256: r.sha256,
  status: r.status,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const decodeSetRow = (row: unknown): MusicSet => toSet(decode(setRow, row, 'music_sets'));

export const decodeTrackRow = (row: unknown): Track => toTrack(decode(trackRow, row, 'tracks'));

const trackWithSetRow = trackRow.extend({ set_visibility: visibility });

export const decodeTrackWithSetRow = (row: unknown): Track & { setVisibility: Visibility } => {
  const r = decode(trackWithSetRow, row, 'tracks');
  return { ...toTrack(r), setVisibility: r.set_visibility };
};

/** `tracks` is the json_agg of the set's tracks (null when there are none). */
const setWithTracksRow = setRow.extend({
  tracks: z.array(trackRow).nullable(),
  track_count: count.optional(),
  total_duration_ms: count.optional(),
});

export const decodeSetWithTracksRow = (row: unknown): MusicSetWithTracks => {
  const r = decode(setWithTracksRow, row, 'music_sets');
  const set: MusicSetWithTracks = { ...toSet(r), tracks: (r.tracks ?? []).map(toTrack) };
  if (r.track_count !== undefined && r.total_duration_ms !== undefined) {
    set.totals = { trackCount: r.track_count, totalDurationMs: r.total_duration_ms };
  }
  return set;
};

export const decodeSessionRow = (row: unknown): UploadSession => {
  const r = decode(sessionRow, row, 'upload_sessions');
  return {
    uploadId: r.upload_id,
    trackId: r.track_id,
    setId: r.set_id,
    objectKey: r.object_key,
    partSize: r.part_size,
    partCount: r.part_count,
    byteSize: r.byte_size,
    contentType: r.content_type,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
};
