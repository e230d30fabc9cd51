/**
 * Every failure the service reports on purpose carries a stable `code`.
 * Only the HTTP adapter maps codes to status codes; the domain never knows about HTTP. Codes that only the
 * transport raises (unknown routes, bad credentials, signed-URL checks…) are the HTTP adapter's own.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_CURSOR'
  | 'FORBIDDEN'
  | 'IMAGE_NOT_FOUND'
  | 'MUSIC_SET_NOT_FOUND'
  | 'TRACK_NOT_FOUND'
  | 'UPLOAD_NOT_FOUND'
  | 'OBJECT_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ALL_FILES_FAILED'
  | 'INVALID_IMAGE'
  | 'INVALID_AUDIO'
  | 'UPLOAD_CONFLICT'
  | 'TOO_MANY_OPEN_UPLOADS'
  | 'RANGE_NOT_SATISFIABLE'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
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
  /**
   * Which of several failures sharing a code this is, for callers that must tell them apart (the name of the
   * factory that made it, e.g. `uploadSizeMismatch`). Never sent to clients.
   */
  reason?: string;
  /** Facts an adapter needs to report the failure (e.g. an object's size for `Content-Range`). Never sent as they are. */
  facts?: Readonly<Record<string, number | string>>;
}

/**
 * The one error class. `Code` is the domain's `ErrorCode` everywhere but the HTTP adapter, which adds its
 * transport codes; factories declare their return type, so a misspelt code fails compilation.
 */
export class AppError<Code extends string = ErrorCode> extends Error {
  readonly code: Code;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly reason: string | undefined;
  readonly facts: Readonly<Record<string, number | string>> | undefined;

  constructor(code: Code, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
    this.facts = options.facts;
  }
}

/** `Code` widens the check for the HTTP adapter, which also sees its own transport errors. */
export const isAppError = <Code extends string = ErrorCode>(value: unknown): value is AppError<Code> => value instanceof AppError;

/** Whether `error` is the failure a given factory makes (its `reason`), whatever its code. */
export const hasReason = (error: unknown, reason: string): error is AppError => isAppError(error) && error.reason === reason;
