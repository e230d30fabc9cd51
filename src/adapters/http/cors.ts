import type { RequestHandler } from 'express';

export interface CorsOptions {
  maxAgeSeconds?: number;
}

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id, Range';
const EXPOSE_HEADERS = 'ETag, X-Request-Id, Retry-After, Location, Content-Range, Accept-Ranges, Content-Disposition, Content-Length';

const normalise = (origin: string): string => {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
};

/**
 * Cross-origin access for the listed origins only (exact match). No origins: no CORS headers at all, so
 * browsers refuse every cross-origin call. Bearer tokens travel in a header, never cookies: no credentials mode.
 */
export const cors = (origins: readonly string[], options: CorsOptions = {}): RequestHandler => {
  const allowed = new Set(origins.map(normalise));
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return (req, res, next) => {
    if (allowed.size === 0) return next();
    res.vary('Origin');
    const origin = req.get('origin');
    const permitted = origin !== undefined && allowed.has(origin);
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
