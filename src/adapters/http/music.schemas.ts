import { z } from 'zod';
import { text } from './text-field.ts';
import { TRACKS_PER_SET_IN_LISTS } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import { visibilitySchema } from './images.schemas.ts';

const titleSchema = text().trim().min(1).max(1000);
const descriptionSchema = text().trim().max(20000);
const artistSchema = text().trim().max(1000);

/** `null` clears a text field; an empty string does too. */
const clearable = (schema: z.ZodString) =>
  schema
    .nullable()
    .transform((v) => (v === '' ? null : v))
    .optional();

export const trackSchema = z
  .object({
    id: z.uuid(),
    setId: z.uuid(),
    position: z.int().min(1).describe('1..n within the set.'),
    title: z.string(),
    artist: z.string().nullable(),
    durationMs: z.int().nullable(),
    contentType: z.string(),
    byteSize: z.int(),
    createdAt: z.iso.datetime(),
    status: z.enum(['uploading', 'ready', 'deleting']).optional().describe('Admin view only.'),
    originalFilename: z.string().optional().describe('Admin view only.'),
    updatedAt: z.iso.datetime().optional().describe('Admin view only.'),
  })
  .meta({ id: 'Track' });

export const musicSetSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    visibility: visibilitySchema,
    createdAt: z.iso.datetime(),
    trackCount: z.int(),
    totalDurationMs: z.int(),
    tracks: z
      .array(trackSchema)
      .describe(
        `Ordered by position. Members see ready tracks only. In lists (\`GET /v1/music-sets\`, \`GET /v1/admin/music-sets\`) at most the first ${TRACKS_PER_SET_IN_LISTS}; the set itself (\`GET …/music-sets/{id}\`) has them all.`,
      ),
    tracksTruncated: z
      .boolean()
      .describe(
        `True when \`tracks\` holds only the first ${TRACKS_PER_SET_IN_LISTS} of \`trackCount\` (list views); fetch the set for the rest. \`trackCount\` and \`totalDurationMs\` always count every track.`,
      ),
    updatedAt: z.iso.datetime().optional().describe('Admin view only.'),
  })
  .meta({ id: 'MusicSet' });

export const musicSetListSchema = z.object({ items: z.array(musicSetSchema), nextCursor: z.string().nullable() });

export const musicSetCreateSchema = z.strictObject({
  title: titleSchema,
  description: clearable(descriptionSchema),
  visibility: visibilitySchema.default('private'),
});

export const musicSetPatchSchema = z.strictObject({
  title: titleSchema.optional(),
  description: clearable(descriptionSchema),
  visibility: visibilitySchema.optional(),
});

export const trackPatchSchema = z.strictObject({
  title: titleSchema.optional(),
  artist: clearable(artistSchema),
  position: z.int().min(1).max(100_000).optional().describe('New position; the other tracks are renumbered.'),
});

/** Text fields of the multipart track upload; they may come before or after the file part. */
export const trackUploadFieldsSchema = z.object({
  title: text()
    .trim()
    .max(1000)
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  artist: clearable(artistSchema),
});

export const trackUploadBodySchema = z.object({
  file: z.string().meta({ format: 'binary' }).describe('One audio file (MP3, FLAC, WAV, AIFF, AAC/M4A, Ogg Vorbis/Opus).'),
  title: z.string().optional().describe('Defaults to the tag title, then the file name without extension.'),
  artist: z.string().optional().describe('Defaults to the tag artist.'),
});
