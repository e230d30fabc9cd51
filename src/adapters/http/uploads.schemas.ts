import { z } from 'zod';
import { text } from './text-field.ts';
import { MULTIPART_LIMITS } from '../../domain/multipart-limits.ts';
import { trackSchema } from './music.schemas.ts';

const { maxParts } = MULTIPART_LIMITS;
const PART_DIGITS = String(maxParts).length;
/** Up to 100 part numbers, none with more digits than the largest part number. */
const PART_NUMBER_LIST = new RegExp(`^\\d{1,${PART_DIGITS}}(,\\d{1,${PART_DIGITS}}){0,99}$`);

/** Store upload ids are opaque (S3's are long base64-ish strings); anything else cannot name an upload. */
/**
 * Upload ids are the store's own (S3's, RGW's, or the fs store's): printable ASCII without spaces. Anything
 * else was never issued, so it is "not found" here, before a control character reaches SQL (PostgreSQL
 * cannot even compare text holding a NUL) or a store request.
 */
export const uploadIdSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/);

const optionalTitle = text().trim().min(1).max(1000).optional();
const optionalArtist = text()
  .trim()
  .max(1000)
  .nullable()
  .transform((v) => (v === '' ? null : v))
  .optional();

export const startUploadSchema = z.strictObject({
  filename: text().trim().min(1).max(1024),
  contentType: text().trim().min(1).max(255).describe('An audio type (final check is by the bytes on completion).'),
  byteSize: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  title: optionalTitle,
  artist: optionalArtist,
});

export const startedUploadSchema = z
  .object({
    uploadId: z.string(),
    trackId: z.uuid(),
    partSize: z.int().describe('Bytes of every part but the last.'),
    partCount: z.int(),
    expiresAt: z.iso.datetime().describe('The upload may be aborted by the sweeper after this.'),
    track: trackSchema,
  })
  .meta({ id: 'StartedUpload' });

export const signPartsSchema = z.strictObject({
  partNumbers: z.array(z.int().min(1).max(maxParts)).min(1).max(100),
});

export const signedPartsSchema = z.object({
  parts: z.array(z.object({ partNumber: z.int(), url: z.url(), expiresAt: z.iso.datetime() })),
});

export const listedPartsSchema = z.object({
  parts: z.array(z.object({ partNumber: z.int(), etag: z.string(), size: z.int() })),
});

const etagSchema = z.string().min(1).max(200);

export const completeUploadSchema = z.strictObject({
  parts: z
    .array(z.strictObject({ partNumber: z.int().min(1).max(maxParts), etag: etagSchema }))
    .min(1)
    .max(maxParts),
});

/** Uppy's `metadata`: `setId` names the set; Uppy adds its own fields (name, type, relativePath...), which are ignored. */
export const uppyCreateSchema = z.object({
  filename: text().trim().min(1).max(1024),
  type: text().max(255).default(''),
  metadata: z.looseObject({
    setId: z.uuid(),
    title: text()
      .trim()
      .max(1000)
      .nullish()
      .transform((v) => (v ? v : undefined)),
    artist: text()
      .trim()
      .max(1000)
      .nullish()
      .transform((v) => (v ? v : undefined)),
    byteSize: z.coerce
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .describe("The file's size (Uppy's `file.size`): required, it bounds every part and the assembled track."),
  }),
});

export const uppyKeyQuerySchema = z.object({ key: z.string().min(1).max(1024) });

export const uppyBatchQuerySchema = uppyKeyQuerySchema.extend({
  partNumbers: z
    .string()
    .regex(PART_NUMBER_LIST, 'comma-separated part numbers, at most 100')
    .transform((v) => v.split(',').map(Number)),
});

export const uppyCompleteSchema = z.object({
  parts: z
    .array(z.looseObject({ PartNumber: z.coerce.number().int().min(1).max(maxParts), ETag: etagSchema }))
    .min(1)
    .max(maxParts),
});
