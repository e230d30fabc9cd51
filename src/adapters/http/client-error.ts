import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import type { ProblemCode } from './http-errors.ts';
import { PROBLEM_CONTENT_TYPE, problemTitle, problemType } from './problem.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Requests Node's HTTP parser refuses before express sees them (oversized or malformed headers, a
 * request that never finished arriving) still get a problem+json answer, then the connection closes.
 */
export const answerClientError = (error: Error & { code?: string }, socket: Socket): void => {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, detail]: [number, ProblemCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.']
        : [400, 'VALIDATION_FAILED', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: problemType(code), title: problemTitle(code), status, detail, code });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
};
