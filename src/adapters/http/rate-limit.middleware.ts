import type { RequestHandler } from 'express';
import type { RateLimiter } from '../../application/ports/rate-limiter.port.ts';
import { requestRateLimited } from './http-errors.ts';
import { actorOf } from './auth.ts';

/** Behind `authenticate`: one unit of the caller's `requests` budget per call, keyed by `sub`. */
export const rateLimitRequests =
  (limiter: RateLimiter): RequestHandler =>
  async (_req, res, next) => {
    const decision = await limiter.consume('requests', actorOf(res).sub);
    if (!decision.allowed) throw requestRateLimited(decision.retryAfterSeconds);
    next();
  };
