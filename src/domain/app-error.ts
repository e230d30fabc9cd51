/**
 * Every failure the service reports on purpose carries a stable `code`.
 * Only the HTTP adapter maps codes to status codes; the domain never knows about HTTP.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_CURSOR'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'IMAGE_NOT_FOUND'
  | 'MUSIC_SET_NOT_FOUND'
  | 'TRACK_NOT_FOUND'
  | 'UPLOAD_NOT_FOUND'
  | 'OBJECT_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'TOO_MANY_FILES'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ALL_FILES_FAILED'
  | 'INVALID_IMAGE'
  | 'INVALID_AUDIO'
  | 'UPLOAD_CONFLICT'
  | 'TOO_MANY_OPEN_UPLOADS'
  | 'RANGE_NOT_SATISFIABLE'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_EXPIRED'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'AUTH_UNAVAILABLE'
  | 'SCHEMA_NOT_MIGRATED'
  | 'INTERNAL';

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members for the problem document (e.g. `failed` for a batch upload). */
  extensions?: Record<string, unknown>;
  /** Seconds until a retry may succeed (rate limits). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
