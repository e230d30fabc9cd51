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

export const forbidden = (): AppError => new AppError('FORBIDDEN', 'admin role required', { detail: 'This action needs the admin role.' });

export const payloadTooLarge = (detail: string): AppError => new AppError('PAYLOAD_TOO_LARGE', 'payload too large', { detail });

export const unsupportedMediaType = (detail: string): AppError => new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported media type', { detail });

/** The per-admin upload budget (files per minute, across every upload route) is spent. */
export const uploadRateLimited = (retryAfterSeconds: number, extensions?: Record<string, unknown>): AppError => {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('RATE_LIMITED', 'upload rate limit reached', {
    detail: `Upload limit reached; retry in ${seconds} s.`,
    retryAfterSeconds: seconds,
    ...(extensions ? { extensions } : {}),
  });
};

/**
 * The database is not answering (connection lost, shutting down, refused). Like STORE_UNAVAILABLE this is the
 * domain's code, not the transport's: it passes through use cases, migrations and the CLI alike.
 */
export const databaseUnavailable = (cause?: unknown): AppError =>
  new AppError('DATABASE_UNAVAILABLE', 'database unavailable', {
    detail: 'The database is not answering. Try again later.',
    cause,
  });

/** `schema` lacks migrations this release ships: an operator's deploy step is missing, not an outage. */
export const schemaNotMigrated = (schema: string, missing: readonly string[]): AppError =>
  new AppError('SCHEMA_NOT_MIGRATED', 'database schema behind this release', {
    detail: `The database schema "${schema}" is not at this release's version (missing: ${missing.join(', ')}). Run the migrations (npm run migrate) and try again.`,
    retryAfterSeconds: 5,
  });

/** A query failed for a reason that is not the caller's and not an outage: a bug, reported as a plain 500. */
export const databaseQueryFailed = (cause: unknown): AppError =>
  new AppError('INTERNAL', 'database query failed', { detail: 'An internal error occurred.', cause });

/** A row that does not decode: the schema and the code disagree. */
export const unexpectedRow = (table: string, cause: unknown): AppError => new AppError('INTERNAL', `unexpected ${table} row`, { cause });

/** An uploaded file's bytes stopped coming (the body ended early, or its framing broke). */
export const uploadInterrupted = (cause: unknown): AppError =>
  new AppError('VALIDATION_FAILED', 'upload body interrupted', { detail: 'The upload ended early or was malformed.', cause });
