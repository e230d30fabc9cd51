import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { allowedMethods } from './allowed-methods.ts';
import type { AppDeps } from './app-deps.ts';
import { authenticate } from './auth.ts';
import { cors } from './cors.middleware.ts';
import { errorMiddleware } from './error.middleware.ts';
import { jsonBodyTooLarge, methodNotAllowed, routeNotFound } from './http-errors.ts';
import { createOpsRouter } from './ops.router.ts';
import { rateLimitRequests } from './rate-limit.middleware.ts';
import { requestBounds } from './request-bounds.middleware.ts';
import { requestContext } from './request-context.middleware.ts';

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_BOUNDS = { requestTimeoutMs: 60_000, uploadTimeoutMs: 4 * 3600_000 };

/**
 * A JSON API sends no active content; the one HTML page (/docs) sets its own, equally strict policy.
 * Cross-origin embedding is allowed because the ticketing site shows images served by the filesystem
 * store's signed URLs; CORS, not CORP, guards the API's data.
 */
const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });

const JSON_TYPES = ['application/json', 'application/*+json'];

/** express.json reads a refused body to its end before answering 413; a declared length over the limit is refused unread. */
const refuseDeclaredJsonOverLimit =
  (limit: number): RequestHandler =>
  (req, _res, next) => {
    if (req.is(JSON_TYPES) && Number(req.headers['content-length'] ?? 0) > limit) {
      throw jsonBodyTooLarge(limit);
    }
    next();
  };

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const fallback =
  (router: Router): RequestHandler =>
  (req, res) => {
    const methods = allowedMethods(router, req.path);
    if (methods.length === 0 || methods.includes(req.method)) {
      throw routeNotFound();
    }
    res.setHeader('Allow', methods.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw methodNotAllowed(methods);
  };

/** Nothing is served from a schema that lacks this release's tables: 503 SCHEMA_NOT_MIGRATED instead of 500s. */
const schemaGateMiddleware =
  (gate: () => Promise<void>): RequestHandler =>
  async (_req, _res, next) => {
    await gate();
    next();
  };

/**
 * Everything the service answers, as a router: the ticketing backend mounts it inside its own app
 * (`app.use('/media', media.router)`), behind its own body parsers (express.json() leaves a body it has
 * already read alone, and multipart bodies are never touched by them). It owns its whole mount path:
 * unknown routes below it are answered 404 here, so mount it under a prefix of its own.
 */
export const createApiRouter = (deps: AppDeps): Router => {
  const router = Router();
  router.use(requestBounds(deps.requestBounds ?? DEFAULT_BOUNDS));
  router.use(requestContext(deps.logger));
  router.use(securityHeaders());
  router.use(cors(deps.corsOrigins));
  router.use(createOpsRouter(deps));
  const { schemaGate } = deps;
  const jsonLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  router.use(
    '/v1',
    noStore,
    ...(schemaGate ? [schemaGateMiddleware(schemaGate)] : []),
    authenticate(deps.authenticator),
    rateLimitRequests(deps.rateLimiter),
    refuseDeclaredJsonOverLimit(jsonLimit),
    express.json({ limit: jsonLimit, type: JSON_TYPES }),
  );
  for (const mount of deps.routers) router.use(mount.path ?? '/', mount.router);
  router.use(fallback(router));
  router.use(errorMiddleware(deps.logger));
  return router;
};

/** The standalone service. */
export const createApp = (deps: AppDeps): express.Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(createApiRouter(deps));
  return app;
};
