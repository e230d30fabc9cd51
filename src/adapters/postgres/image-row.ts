import { z } from 'zod';
import { unexpectedImageRow } from '../../domain/errors/images.errors.ts';
import type { Image } from '../../domain/image.ts';

export const IMAGE_COLUMNS =
  'id, status, visibility, title, description, original_filename, original_content_type, byte_size, sha256, width, height, uploaded_by, created_at, updated_at';

const imageRow = z.object({
  id: z.string(),
  status: z.enum(['pending', 'ready']),
  visibility: z.enum(['private', 'public']),
  title: z.string().nullable(),
  description: z.string().nullable(),
  original_filename: z.string(),
  original_content_type: z.string(),
  byte_size: z.number().int().nonnegative(),
  sha256: z.string(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  uploaded_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

/** The one place a row of `images` becomes a domain `Image`; a row that does not fit is a bug, not data. */
export const decodeImageRow = (row: unknown): Image => {
  const parsed = imageRow.safeParse(row);
  if (!parsed.success) throw unexpectedImageRow(parsed.error);
  const r = parsed.data;
  return {
    id: r.id,
    status: r.status,
    visibility: r.visibility,
    title: r.title,
    description: r.description,
    originalFilename: r.original_filename,
    originalContentType: r.original_content_type,
    byteSize: r.byte_size,
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};
