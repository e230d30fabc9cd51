import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { problemTitle, problemType, PROBLEM_CONTENT_TYPE } from './problem.ts';

export interface RequestBoundsOptions {
  /** How long any request may take to arrive whole (headers and body). */
  requestTimeoutMs: number;
  /** The allowance of a body admitted by `admitBody`: an authenticated upload, a part PUT with a valid signature. */
  uploadTimeoutMs: number;
}

interface Bounds {
  options: RequestBoundsOptions;
  timer: NodeJS.Timeout | null;
}

const BOUNDS = new WeakMap<IncomingMessage, Bounds>();
// Requests whose `Expect: 100-continue` the server left to us (its 'checkContinue' event).
const CONTINUE_PENDING = new WeakSet<IncomingMessage>();

/** Refusals after which the body is never wanted: the connection is closed instead of read to its end. */
const REFUSALS = new Set([401, 403, 404, 405, 408, 413]);

const declaresBody = (req: IncomingMessage): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

const timeOut = (req: IncomingMessage, res: ServerResponse): void => {
  if (req.complete) return;
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  const body = JSON.stringify({
    type: problemType('REQUEST_TIMEOUT'),
    title: problemTitle('REQUEST_TIMEOUT'),
    status: 408,
    detail: 'The request did not arrive in time.',
    code: 'REQUEST_TIMEOUT',
  });
  res.writeHead(408, { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(body);
};

const arm = (req: IncomingMessage, res: ServerResponse, bounds: Bounds, ms: number): void => {
  if (bounds.timer) clearTimeout(bounds.timer);
  bounds.timer = setTimeout(() => timeOut(req, res), ms);
  bounds.timer.unref();
};

/**
 * Bounds every request the router answers: it must arrive within the request timeout (a body admitted by
 * `admitBody` gets the upload allowance instead), and a refusal of a request that carries a body closes the
 * connection rather than reading the rest of the body to keep the connection alive.
 */
export const requestBounds =
  (options: RequestBoundsOptions): RequestHandler =>
  (req, res, next) => {
    const bounds: Bounds = { options, timer: null };
    BOUNDS.set(req, bounds);
    arm(req, res, bounds, options.requestTimeoutMs);
    res.once('close', () => {
      if (bounds.timer) clearTimeout(bounds.timer);
    });
    if (declaresBody(req)) {
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((statusCode: number, ...rest: unknown[]) => {
        if (REFUSALS.has(statusCode) || (statusCode >= 400 && !req.complete)) res.setHeader('Connection', 'close');
        return writeHead(statusCode, ...rest);
      }) as typeof res.writeHead;
    }
    next();
  };

/** For the server's 'checkContinue' event: the 100 is sent by `grantContinue`, once the request is known to be wanted. */
export const deferContinue = (req: IncomingMessage): void => {
  CONTINUE_PENDING.add(req);
};

/** Answers a deferred `Expect: 100-continue`: call only once the caller's token or the URL's signature passed. */
export const grantContinue = (req: IncomingMessage, res: ServerResponse): void => {
  if (!CONTINUE_PENDING.delete(req) || res.headersSent) return;
  res.writeContinue();
};

/** The body is wanted (authenticated upload, signed part PUT): it gets the long allowance and its 100-continue. */
export const admitBody = (req: IncomingMessage, res: ServerResponse): void => {
  const bounds = BOUNDS.get(req);
  if (bounds) arm(req, res, bounds, bounds.options.uploadTimeoutMs);
  grantContinue(req, res);
};
