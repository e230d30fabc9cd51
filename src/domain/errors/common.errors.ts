import { AppError, type FieldError } from '../app-error.ts';

/**
 * Errors every area raises. Each area keeps its own in one file beside this one (`images.errors.ts`,
 * `music.errors.ts`, `storage.errors.ts`); transport-only errors live in the HTTP adapter. Every error is
 * an `AppError` made by a named factory here, so a code's message and detail are written once.
 */

export const validationFailed = (message: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError('VALIDATION_FAILED', message, { detail, ...(errors ? { errors } : {}) });

export const invalidCursor = (): AppError =>
  new AppError('INVALID_CURSOR', 'invalid cursor', {
    detail: 'The cursor is not one this service issued.',
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });

export const forbidden = (): AppError =>
  new AppError('FORBIDDEN', 'admin role required', { detail: 'This action needs the admin role.' });

export const payloadTooLarge = (detail: string): AppError => new AppError('PAYLOAD_TOO_LARGE', 'payload too large', { detail });

export const unsupportedMediaType = (detail: string): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported media type', { detail });

/** The per-admin upload budget (files per minute, across every upload route) is spent. */
export const uploadRateLimited = (retryAfterSeconds: number, extensions?: Record<string, unknown>): AppError => {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('RATE_LIMITED', 'upload rate limit reached', {
    detail: `Upload limit reached; retry in ${seconds} s.`,
    retryAfterSeconds: seconds,
    ...(extensions ? { extensions } : {}),
  });
};

/** An uploaded file's bytes stopped coming (the body ended early, or its framing broke). */
export const uploadInterrupted = (cause: unknown): AppError =>
  new AppError('VALIDATION_FAILED', 'upload body interrupted', { detail: 'The upload ended early or was malformed.', cause });
