import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isAppError } from '../../domain/app-error.ts';
import { unsatisfiedRangeSize } from '../../domain/errors/storage.errors.ts';
import {
  badPercentEncoding,
  bodyTooLarge,
  fromHttpStatus,
  incompleteBody,
  malformedJson,
  unexpectedError,
  unsupportedBodyEncoding,
  type HttpAppError,
  type ProblemCode,
} from './http-errors.ts';
import { problemFromAppError, sendProblem } from './problem.ts';
import { requestIdOf, requestLogger } from './request-context.middleware.ts';

/** Headers describing a representation a handler may have started before failing; the problem replaces it. */
const REPRESENTATION_HEADERS = [
  'content-length',
  'content-range',
  'content-disposition',
  'content-encoding',
  'content-language',
  'etag',
  'last-modified',
  'location',
];

// The other direction from error-status.ts: an http-error that express or body-parser raised with only a status
// becomes the code we answer with.
const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
};

interface HttpErrorLike {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  limit?: unknown;
}

/** Express and body-parser speak http-errors; their messages are replaced by our own wording. */
const fromHttpError = (error: unknown): HttpAppError | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status, statusCode, expose, limit } = error as HttpErrorLike;
  switch (type) {
    case 'entity.too.large':
      return bodyTooLarge(limit);
    case 'entity.parse.failed':
      return malformedJson();
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return unsupportedBodyEncoding(String(type));
    case 'request.aborted':
    case 'request.size.invalid':
      return incompleteBody(String(type));
  }
  if (error instanceof URIError) {
    return badPercentEncoding();
  }
  const code = typeof (status ?? statusCode) === 'number' ? STATUS_CODES[Number(status ?? statusCode)] : undefined;
  if (code === undefined || expose !== true) return undefined;
  return fromHttpStatus(code, error);
};

const setErrorHeaders = (res: Response, error: HttpAppError, status: number): void => {
  for (const header of REPRESENTATION_HEADERS) res.removeHeader(header);
  if (status === 401 && !res.hasHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer realm="synesthesie-media"');
  if ((status === 429 || status === 503) && error.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  } else if (status === 429) res.setHeader('Retry-After', '60');
  const byteSize = unsatisfiedRangeSize(error);
  if (status === 416 && byteSize !== undefined) res.setHeader('Content-Range', `bytes */${byteSize}`);
};

/** Last in the chain: every error becomes problem+json; anything unexpected is a generic 500, logged with its stack. */
export const errorMiddleware =
  (logger: Logger): ErrorRequestHandler =>
  (err: unknown, _req, res, _next) => {
    const log = requestLogger(res, logger);
    const error = isAppError<ProblemCode>(err) ? err : (fromHttpError(err) ?? unexpectedError(err));
    const problem = problemFromAppError(error, requestIdOf(res));
    if (problem.status >= 500) {
      const cause = isAppError(err) ? err.cause : undefined;
      // A dependency being down is expected weather; a bug is not.
      const level = problem.status === 503 ? 'warn' : 'error';
      log[level]({ err, code: error.code, ...(cause === undefined ? {} : { cause }) }, 'request error');
    } else log.debug({ code: error.code, reason: error.message }, 'request rejected');
    if (res.headersSent) {
      // A body is already on its way; cutting the connection is the only honest signal left.
      res.destroy();
      return;
    }
    setErrorHeaders(res, error, problem.status);
    sendProblem(res, problem);
  };
