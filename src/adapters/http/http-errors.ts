import { AppError, type ErrorCode, type FieldError } from '../../domain/app-error.ts';

/**
 * Codes only the transport raises: routing, credentials, signed object URLs, the HTTP parser. The domain's
 * `ErrorCode` does not know them; `error-status.ts` maps both sets.
 */
export type HttpErrorCode =
  | 'UNAUTHENTICATED'
  | 'AUTH_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_EXPIRED';

/** Every code a problem document may carry. */
export type ProblemCode = ErrorCode | HttpErrorCode;

/** An error as the HTTP adapter sees it: one of the domain's, or one of its own. */
export type HttpAppError = AppError<ProblemCode>;

// Transport-only errors. Codes the domain also uses (VALIDATION_FAILED…) appear here when only HTTP raises
// them with this wording (a malformed JSON body, a missing bearer token).

export const unauthenticated = (message: string, detail: string, cause?: unknown): HttpAppError =>
  new AppError<ProblemCode>('UNAUTHENTICATED', message, { detail, ...(cause === undefined ? {} : { cause }) });

export const noCredentials = (): HttpAppError => unauthenticated('no credentials', 'A bearer token is required.');

export const authUnavailable = (message: string, detail: string, cause: unknown): HttpAppError =>
  new AppError<ProblemCode>('AUTH_UNAVAILABLE', message, { detail, cause });

export const roleRequired = (role: string): HttpAppError =>
  new AppError<ProblemCode>('FORBIDDEN', `requires role ${role}`, { detail: `This route requires the ${role} role.` });

export const unknownRole = (): HttpAppError =>
  new AppError<ProblemCode>('FORBIDDEN', 'claims without a known role', { detail: 'The access token carries no role this service knows.' });

export const routeNotFound = (): HttpAppError => new AppError<ProblemCode>('ROUTE_NOT_FOUND', 'no such route', { detail: 'No such route.' });

export const methodNotAllowed = (methods: readonly string[]): HttpAppError =>
  new AppError<ProblemCode>('METHOD_NOT_ALLOWED', 'method not allowed', { detail: `Allowed methods: ${methods.join(', ')}.` });

export const jsonBodyTooLarge = (limit: number): HttpAppError =>
  new AppError<ProblemCode>('PAYLOAD_TOO_LARGE', 'JSON body too large', { detail: `JSON bodies are limited to ${limit} bytes.` });

export const bodyTooLarge = (limit: unknown): HttpAppError =>
  new AppError<ProblemCode>('PAYLOAD_TOO_LARGE', 'body too large', {
    detail: typeof limit === 'number' ? `The request body exceeds ${limit} bytes.` : 'The request body is too large.',
  });

export const malformedJson = (): HttpAppError =>
  new AppError<ProblemCode>('VALIDATION_FAILED', 'malformed JSON', {
    detail: 'The request body is not valid JSON.',
    errors: [{ path: 'body', message: 'Malformed JSON.' }],
  });

export const unsupportedBodyEncoding = (type: string): HttpAppError =>
  new AppError<ProblemCode>('UNSUPPORTED_MEDIA_TYPE', type, { detail: 'The body charset or content encoding is not supported.' });

export const incompleteBody = (type: string): HttpAppError =>
  new AppError<ProblemCode>('VALIDATION_FAILED', type, { detail: 'The request body was incomplete.' });

export const badPercentEncoding = (): HttpAppError =>
  new AppError<ProblemCode>('VALIDATION_FAILED', 'bad percent-encoding', {
    detail: 'The path is not valid percent-encoding.',
    errors: [{ path: 'params', message: 'Invalid percent-encoding.' }],
  });

export const jsonBodyExpected = (): HttpAppError =>
  new AppError<ProblemCode>('UNSUPPORTED_MEDIA_TYPE', 'expected a JSON body', { detail: 'Send the request body as application/json.' });

export const requestInvalid = (errors: FieldError[]): HttpAppError =>
  new AppError<ProblemCode>('VALIDATION_FAILED', 'request validation failed', {
    detail: errors.length === 1 ? 'One field is not valid.' : `${errors.length} fields are not valid.`,
    errors,
  });

/** An error express or body-parser reported by its status alone; the problem's wording is the code's default. */
export const fromHttpStatus = (code: ProblemCode, cause: unknown): HttpAppError => new AppError<ProblemCode>(code, 'http error', { cause });

/** Anything thrown that is not ours: a generic 500, the original kept for the log. */
export const unexpectedError = (cause: unknown): HttpAppError => new AppError<ProblemCode>('INTERNAL', 'unexpected error', { cause });

/** /readyz when a dependency is down: the code names the first of database, schema, store that failed. */
export const notReady = (
  code: 'DATABASE_UNAVAILABLE' | 'SCHEMA_NOT_MIGRATED' | 'STORE_UNAVAILABLE',
  detail: string,
  checks: Record<string, unknown>,
): HttpAppError => new AppError<ProblemCode>(code, 'not ready', { detail, extensions: { checks }, retryAfterSeconds: 5 });

export const signatureExpired = (): HttpAppError => new AppError<ProblemCode>('SIGNATURE_EXPIRED', 'signed URL expired', { detail: 'The URL has expired.' });

export const signatureInvalid = (): HttpAppError =>
  new AppError<ProblemCode>('SIGNATURE_INVALID', 'signed URL invalid', { detail: 'The URL signature does not match.' });

/** The caller's per-minute request budget is spent. */
export const requestRateLimited = (retryAfterSeconds: number): HttpAppError =>
  new AppError<ProblemCode>('RATE_LIMITED', 'rate limit exceeded', {
    detail: `Too many requests. Retry after ${retryAfterSeconds} s.`,
    retryAfterSeconds,
  });

// multipart/form-data framing: the use cases never see these. They carry domain codes because they travel
// inside the file streams the use cases read, whose errors are the domain's.

export const multipartExpected = (): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'multipart/form-data expected', { detail: 'Send the files as multipart/form-data.' });

export const malformedMultipart = (detail: string): AppError => new AppError('VALIDATION_FAILED', 'malformed multipart body', { detail });

export const multipartFieldTooLong = (field: string): AppError =>
  new AppError('VALIDATION_FAILED', 'field too long', { errors: [{ path: field, message: 'value too long' }] });

export const invalidUploadFields = (errors: FieldError[]): AppError =>
  new AppError('VALIDATION_FAILED', 'invalid upload fields', {
    detail: 'A text field of the upload is not valid; nothing was stored.',
    errors,
  });
