import type { Router } from 'express';
import type { Logger } from 'pino';
import type { RateLimiter } from '../../application/ports/rate-limiter.port.ts';
import type { ReadinessProbe } from '../../application/ports/readiness-probe.port.ts';
import type { RequestAuthenticator } from './auth.ts';
import type { OpenApiRegistry } from './openapi.ts';
import type { RequestBoundsOptions } from './request-bounds.middleware.ts';

export interface RouterMount {
  /** Where the router is mounted; `/` by default. Routes under `/v1` get auth, rate limits and the JSON parser. */
  path?: string;
  router: Router;
}

export interface AppDeps {
  logger: Logger;
  /** Bearer JWTs, or the host backend's own authentication. */
  authenticator: RequestAuthenticator;
  /** Resolves once the database schema is at this release's version; `/v1/**` answers 503 until then. */
  schemaGate?: () => Promise<void>;
  /** Asked by `/readyz`; name them `database`, `schema` and `store`. */
  readinessProbes: readonly ReadinessProbe[];
  /** Exact origins allowed to call from a browser; empty: no CORS headers at all. */
  corsOrigins: readonly string[];
  rateLimiter: RateLimiter;
  openapi: OpenApiRegistry;
  routers: readonly RouterMount[];
  /** Largest JSON body accepted (413 above); 1 MiB by default. */
  bodyLimitBytes?: number;
  /** Express `trust proxy` for the standalone app (`createApp`); off by default. */
  trustProxy?: boolean | number | string | string[];
  /** How long requests may take to arrive; 60 s, and 4 h for admitted upload bodies, by default. */
  requestBounds?: RequestBoundsOptions;
  /** Per readiness probe; 2 s by default. */
  readinessTimeoutMs?: number;
}
