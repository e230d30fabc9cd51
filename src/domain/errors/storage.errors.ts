import { AppError, hasReason } from '../app-error.ts';

/**
 * Errors of the object store, whichever adapter raises them: never an SDK type. Each carries its factory's
 * name as `reason`, since several share a code (a final size mismatch and a retryable bad part are both
 * UPLOAD_CONFLICT) and callers must tell them apart.
 */

export type StoreErrorReason =
  | 'objectNotFound'
  | 'storeUnavailable'
  | 'rangeNotSatisfiable'
  | 'invalidObjectKey'
  | 'uploadNotFound'
  | 'invalidUploadPart'
  | 'partUploadInProgress'
  | 'uploadSizeMismatch';

/** Whether `error` is the store failure `reason` names (the factory of that name made it). */
export const isStoreError = (error: unknown, reason: StoreErrorReason): error is AppError => hasReason(error, reason);

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

/** A part number outside 1..`maxParts` (S3's range). */
export const partNumberOutOfRange = (maxParts: number): AppError =>
  new AppError('VALIDATION_FAILED', 'part number out of range', { detail: `Part numbers run from 1 to ${maxParts}.` });

/** A part's planned length outside what S3 accepts for one part. */
export const partSizeOutOfRange = (): AppError => new AppError('VALIDATION_FAILED', 'part size out of range', { detail: 'A part holds 0 to 5 GiB.' });

/** A part body that runs past the length its URL allows; nothing of it is kept. */
export const partBodyTooLarge = (maxBytes: number): AppError => new AppError('PAYLOAD_TOO_LARGE', 'body too large', { detail: `At most ${maxBytes} bytes.` });

/** A body whose length differs from the declared one: a truncated stream never lands as an object. */
export const bodyLengthMismatch = (declared: number, actual: number): AppError =>
  new AppError('VALIDATION_FAILED', 'body length differs from the declared byteSize', {
    detail: `Expected ${declared} bytes, received ${actual}.`,
  });

export const invalidPresignTtl = (): AppError => new AppError('VALIDATION_FAILED', 'ttlSeconds must be a positive integer');

/** Response header overrides of a presigned URL that could not be sent back as HTTP headers. */
export const invalidResponseOverride = (): AppError =>
  new AppError('VALIDATION_FAILED', 'invalid response header override', {
    detail: 'Content-Disposition and Content-Type overrides must be short, non-empty, printable ASCII header values.',
  });

export const invalidListCursor = (): AppError =>
  new AppError('VALIDATION_FAILED', 'invalid list cursor', { detail: 'The cursor is not one this store issued.' });

/** Bucket provisioning stopped at `step`; the server's error name is in the message, for the operator's log. */
export const bucketProvisioningFailed = (step: string, errorName: string, cause: unknown): AppError =>
  new AppError('STORE_UNAVAILABLE', `bucket provisioning failed at ${step}: ${errorName}`, {
    detail: 'The bucket could not be configured.',
    cause,
  });
