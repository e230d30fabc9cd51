import type { RequestHandler } from 'express';
import { AllowedOrigins } from './allowed-origins.ts';

export interface CorsOptions {
  maxAgeSeconds?: number;
}

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id, Range';
const EXPOSE_HEADERS = 'ETag, X-Request-Id, Retry-After, Location, Content-Range, Accept-Ranges, Content-Disposition, Content-Length';

/**
 * Cross-origin access for the listed origins only (compared as serialised origins). No origins: no CORS headers at all, so
 * browsers refuse every cross-origin call. Bearer tokens travel in a header, never cookies: no credentials mode.
 */
export const cors = (origins: readonly string[], options: CorsOptions = {}): RequestHandler => {
  const allowed = new AllowedOrigins(origins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return (req, res, next) => {
    if (allowed.size === 0) return next();
    res.vary('Origin');
    const origin = allowed.match(req.get('origin'));
    const permitted = origin !== null;
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (permitted) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      if (!preflight) res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    if (!preflight) return next();
    if (permitted) {
      res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', maxAge);
    }
    res.setHeader('Content-Length', '0');
    res.status(204).end();
  };
};
