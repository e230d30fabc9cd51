import { AppError } from '../app-error.ts';

/** Errors of the gallery. Failures that concern one file of a batch are also reported per file in `failed`. */

/** Unknown, malformed or (for members) not visible: the same answer, so a hidden image cannot be told apart. */
export const imageNotFound = (): AppError => new AppError('IMAGE_NOT_FOUND', 'image not found', { detail: 'No image with this id.' });

/** The row went away between insert and `ready`: an admin deleted the image while it was being stored. */
export const imageDeletedDuringUpload = (): AppError =>
  new AppError('IMAGE_NOT_FOUND', 'image deleted during upload', { detail: 'The image was deleted while it was being stored.' });

/** Corrupt, truncated, without dimensions, or more pixels than allowed (decompression bombs). */
export const invalidImage = (detail: string, cause?: unknown): AppError => new AppError('INVALID_IMAGE', 'invalid image', { detail, cause });

export const imageTooLarge = (maxBytes: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', 'image too large', { detail: `The file is larger than ${maxBytes} bytes.` });

/** Decided by the file's bytes, never by its name or declared type. */
export const notAnAcceptedImage = (): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'not an accepted image', {
    detail: 'The file is not a JPEG, PNG, WebP, AVIF or GIF image.',
  });

export const tooManyFiles = (maxFiles: number): AppError =>
  new AppError('TOO_MANY_FILES', 'too many files', {
    detail: `At most ${maxFiles} files per request; nothing was stored.`,
  });

/** No file of the batch was stored; `failed` says why for each (none at all: the request had no file part). */
export const allFilesFailed = (failed: readonly unknown[]): AppError =>
  new AppError('ALL_FILES_FAILED', 'no file could be stored', {
    detail: failed.length === 0 ? 'The request contained no file part named "file".' : 'Every file failed.',
    extensions: { failed },
    ...(failed.length === 0 ? { errors: [{ path: 'file', message: 'at least one file is required' }] } : {}),
  });

/** Every file of the batch was refused by the upload budget: the whole request is rate limited. */
export const everyFileRateLimited = (retryAfterSeconds: number, failed: readonly unknown[]): AppError =>
  new AppError('RATE_LIMITED', 'upload rate limit reached', {
    detail: 'Too many files uploaded in the last minute.',
    retryAfterSeconds: Math.max(1, retryAfterSeconds),
    extensions: { failed },
  });

/** Deduplication kept meeting a row with the same content that vanished before it could be read back. */
export const sameContentChangedConcurrently = (): AppError =>
  new AppError('UPLOAD_CONFLICT', 'image with the same content changed concurrently', {
    detail: 'An image with the same content was being changed at the same time. Try again.',
  });

/** A stored row that does not decode is a bug (schema and code disagree), not data a client sent. */
export const unexpectedImageRow = (cause: unknown): AppError => new AppError('INTERNAL', 'unexpected images row', { cause });
