import { AppError } from '../app-error.ts';

/**
 * Errors of the object store, whichever adapter raises them: never an SDK type. Each carries its factory's
 * name as `reason`, since several share a code (a final size mismatch and a retryable bad part are both
 * UPLOAD_CONFLICT) and callers must tell them apart.
 */

export const objectNotFound = (key: string): AppError =>
  new AppError('OBJECT_NOT_FOUND', `object not found: ${key}`, { detail: 'The object does not exist.', reason: 'objectNotFound' });

export const storeUnavailable = (cause?: unknown): AppError =>
  new AppError('STORE_UNAVAILABLE', 'object store unavailable', {
    detail: 'The object store is not answering. Try again later.',
    cause,
    reason: 'storeUnavailable',
  });

/** Carries the object's size, which an HTTP answer states in its `Content-Range` header. */
export const rangeNotSatisfiable = (byteSize: number): AppError =>
  new AppError('RANGE_NOT_SATISFIABLE', 'range not satisfiable', {
    detail: 'The requested range is outside the object.',
    reason: 'rangeNotSatisfiable',
    facts: { byteSize },
  });

/** The object size a `rangeNotSatisfiable` error carries; undefined for any other error. */
export const unsatisfiedRangeSize = (error: unknown): number | undefined => {
  const byteSize = error instanceof AppError && error.reason === 'rangeNotSatisfiable' ? error.facts?.byteSize : undefined;
  return typeof byteSize === 'number' ? byteSize : undefined;
};

export const invalidObjectKey = (): AppError =>
  new AppError('VALIDATION_FAILED', 'invalid object key', { detail: 'The object key is not allowed.', reason: 'invalidObjectKey' });

export const uploadNotFound = (uploadId: string): AppError =>
  new AppError('UPLOAD_NOT_FOUND', `multipart upload not found: ${uploadId}`, {
    detail: 'The upload does not exist.',
    reason: 'uploadNotFound',
  });

/**
 * A completion that names a part the store does not hold, with another ETag, out of order,
 * or smaller than S3's 5 MiB minimum (S3's InvalidPart / InvalidPartOrder / EntityTooSmall). The client may retry
 * with the right parts.
 */
export const invalidUploadPart = (detail: string): AppError =>
  new AppError('UPLOAD_CONFLICT', `invalid multipart completion: ${detail}`, { detail, reason: 'invalidUploadPart' });

/** Another PUT of the same part is still streaming: a second one would store the bytes twice. */
export const partUploadInProgress = (partNumber: number): AppError =>
  new AppError('UPLOAD_CONFLICT', `part ${partNumber} is being uploaded`, {
    detail: `Part ${partNumber} is already being uploaded; retry once that PUT has finished.`,
    reason: 'partUploadInProgress',
  });

/**
 * Parts whose sizes do not add up to the upload's declared size (or one over its planned size): nothing is
 * assembled, and no retry can fix it.
 */
export const uploadSizeMismatch = (detail: string, code: 'UPLOAD_CONFLICT' | 'PAYLOAD_TOO_LARGE' = 'UPLOAD_CONFLICT'): AppError =>
  new AppError(code, `multipart upload size mismatch: ${detail}`, { detail, reason: 'uploadSizeMismatch' });
