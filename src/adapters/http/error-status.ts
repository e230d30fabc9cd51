import type { ErrorCode } from '../../domain/app-error.ts';
import type { HttpErrorCode, ProblemCode } from './http-errors.ts';

/**
 * The one place where error codes become HTTP statuses: the domain's codes and the transport's own, so that a
 * code added to either without a status fails compilation.
 * TOO_MANY_FILES is 413: the request carries more content (files) than the service accepts in one request.
 * INVALID_AUDIO is 415 and INVALID_IMAGE 422, as API.md has it: bytes that are not a supported audio
 * format are an unsupported media type, an image in a supported format that cannot be decoded is not.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SIGNATURE_INVALID: 403,
  SIGNATURE_EXPIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  IMAGE_NOT_FOUND: 404,
  MUSIC_SET_NOT_FOUND: 404,
  TRACK_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  OBJECT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UPLOAD_CONFLICT: 409,
  TOO_MANY_OPEN_UPLOADS: 409,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  TOO_MANY_FILES: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_AUDIO: 415,
  RANGE_NOT_SATISFIABLE: 416,
  ALL_FILES_FAILED: 422,
  INVALID_IMAGE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  AUTH_UNAVAILABLE: 503,
  SCHEMA_NOT_MIGRATED: 503,
} as const satisfies Record<ErrorCode | HttpErrorCode, number>;

export const statusForCode = (code: ProblemCode): number => ERROR_STATUS[code];
