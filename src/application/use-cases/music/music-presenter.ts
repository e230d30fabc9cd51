import type { ReadScope } from '../../../domain/access-policy.ts';
import type { MusicSet, MusicSetWithTracks, Track } from '../../../domain/music.ts';

export interface TrackView {
  id: string;
  setId: string;
  position: number;
  title: string;
  artist: string | null;
  durationMs: number | null;
  contentType: string;
  byteSize: number;
  createdAt: string;
  status?: Track['status'];
  originalFilename?: string;
  updatedAt?: string;
}

export interface MusicSetView {
  id: string;
  title: string;
  description: string | null;
  visibility: MusicSet['visibility'];
  createdAt: string;
  trackCount: number;
  totalDurationMs: number;
  tracks: TrackView[];
  /** True when `tracks` holds only the first of the set's `trackCount` tracks (list views). */
  tracksTruncated: boolean;
  updatedAt?: string;
}

/** The part of a read scope the views depend on: whether admin-only fields are shown. */
export type MusicView = Pick<ReadScope, 'showsAdminFields'>;

/** Members see only ready tracks (the repository already filtered by status for them). */
export const presentTrack = (track: Track, scope: MusicView): TrackView => {
  const view: TrackView = {
    id: track.id,
    setId: track.setId,
    position: track.position,
    title: track.title,
    artist: track.artist,
    durationMs: track.durationMs,
    contentType: track.contentType,
    byteSize: track.byteSize,
    createdAt: track.createdAt.toISOString(),
  };
  if (!scope.showsAdminFields) return view;
  return { ...view, status: track.status, originalFilename: track.originalFilename, updatedAt: track.updatedAt.toISOString() };
};

export const presentMusicSet = (set: MusicSetWithTracks, scope: MusicView): MusicSetView => {
  const tracks = [...set.tracks].sort((a, b) => a.position - b.position);
  const view: MusicSetView = {
    id: set.id,
    title: set.title,
    description: set.description,
    visibility: set.visibility,
    createdAt: set.createdAt.toISOString(),
    trackCount: set.totals?.trackCount ?? tracks.length,
    totalDurationMs: set.totals?.totalDurationMs ?? tracks.reduce((sum, t) => sum + (t.durationMs ?? 0), 0),
    tracks: tracks.map((t) => presentTrack(t, scope)),
    tracksTruncated: (set.totals?.trackCount ?? tracks.length) > tracks.length,
  };
  return scope.showsAdminFields ? { ...view, updatedAt: set.updatedAt.toISOString() } : view;
};
