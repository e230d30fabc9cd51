import { FILE_FAILURE_CODES } from '../../application/use-cases/images/manage/upload-images.use-case.ts';
import { z } from 'zod';
import { text } from './text-field.ts';

export const visibilitySchema = z.enum(['private', 'public']);

/** Path ids that are not UUIDs cannot name anything: the router answers them 404 like unknown ids. */
export const uuidSchema = z.uuid();

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  // Only a length cap here: whether a cursor is one the service issued is for the list (400 INVALID_CURSOR).
  cursor: z.string().max(2000).optional().describe('Opaque: the `nextCursor` of the previous page.'),
});

export const adminImageListQuerySchema = listQuerySchema.extend({ visibility: visibilitySchema.optional() });

const titleSchema = text().trim().max(1000);
const descriptionSchema = text().trim().max(20000);

/** `null` clears a text field; an empty string does too. */
const clearable = (schema: z.ZodString) =>
  schema
    .nullable()
    .transform((v) => (v === '' ? null : v))
    .optional();

export const imagePatchSchema = z.strictObject({
  title: clearable(titleSchema),
  description: clearable(descriptionSchema),
  visibility: visibilitySchema.optional(),
});

/** Text fields of the multipart upload, applied to every file. */
export const imageUploadFieldsSchema = z.object({
  title: clearable(titleSchema),
  description: clearable(descriptionSchema),
  visibility: visibilitySchema.optional(),
});

const imageUrlsSchema = z.object({
  thumbnail: z.url(),
  display: z.url(),
  original: z.url().optional().describe('Admins only: the file as uploaded.'),
  expiresAt: z.iso.datetime(),
});

export const imageSchema = z
  .object({
    id: z.uuid(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    visibility: visibilitySchema,
    width: z.int(),
    height: z.int(),
    contentType: z.literal('image/webp'),
    createdAt: z.iso.datetime(),
    urls: imageUrlsSchema,
    status: z.enum(['pending', 'ready']).optional().describe('Admin view only.'),
    originalFilename: z.string().optional().describe('Admin view only.'),
    byteSize: z.int().optional().describe('Admin view only.'),
    sha256: z.string().optional().describe('Admin view only.'),
    uploadedBy: z.string().optional().describe('Admin view only.'),
    updatedAt: z.iso.datetime().optional().describe('Admin view only.'),
  })
  .meta({ id: 'Image' });

export const imageListSchema = z.object({ items: z.array(imageSchema), nextCursor: z.string().nullable() });

export const failedFileSchema = z.object({ filename: z.string(), code: z.enum(FILE_FAILURE_CODES), detail: z.string() });

export const uploadResultSchema = z.object({ items: z.array(imageSchema), failed: z.array(failedFileSchema) });

export const imageUploadBodySchema = z.object({
  file: z.array(z.string().meta({ format: 'binary' })).describe('One or more image files (JPEG, PNG, WebP, AVIF, GIF).'),
  title: z.string().optional(),
  description: z.string().optional(),
  visibility: visibilitySchema.optional(),
});
