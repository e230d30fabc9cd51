import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Actor } from '../../domain/actor.ts';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** Probes hit these every few seconds; their successes would drown the log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Gives every request an id (a sane incoming `X-Request-Id`, else a fresh UUID), echoes it, hangs a child
 * logger on `res.locals`, and writes one line when the response is done. The path is logged without its
 * query string, so signed-URL parameters never reach the log.
 */
export const requestContext =
  (logger: Logger): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const path = pathOf(req.originalUrl);
    const quiet = QUIET_PATHS.has(req.path);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const actor = res.locals.actor as Actor | undefined;
      const aborted = !res.writableFinished;
      const line = {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs,
        ...(actor === undefined ? {} : { sub: actor.sub }),
        ...(aborted ? { aborted: true } : {}),
      };
      if (res.statusCode >= 500) log.warn(line, 'request failed');
      else if (quiet && res.statusCode < 400) log.debug(line, 'request done');
      else log.info(line, 'request done');
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };

const pathOf = (url: string): string => {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
};

/** The request's child logger, or `fallback` outside a request context. */
export const requestLogger = (res: Response, fallback: Logger): Logger => (res.locals.log as Logger | undefined) ?? fallback;

export const requestIdOf = (res: Response): string | undefined => res.locals.requestId as string | undefined;
