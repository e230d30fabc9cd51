import type { InjectionToken } from 'tsyringe';
import type { Router } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../application/ports/clock.port.ts';
import type { DeletionQueue } from '../application/ports/deletion-queue.port.ts';
import type { DirectUploads } from '../application/ports/direct-uploads.port.ts';
import type { JobQueue } from '../application/ports/job-queue.port.ts';
import type { IdGenerator } from '../application/ports/id-generator.port.ts';
import type { MediaInspector } from '../application/ports/media-inspector.port.ts';
import type { ObjectStorage } from '../application/ports/object-storage.port.ts';
import type { ObjectStore } from '../adapters/shared/object-store.ts';
import type { ObjectUrls } from '../application/ports/object-urls.port.ts';
import type { RateLimiter } from '../application/ports/rate-limiter.port.ts';
import type { StoreMaintenance } from '../application/ports/store-maintenance.port.ts';
import type { KeysetCursors } from '../application/shared/cursor.ts';
import type { SweepOrphans } from '../application/use-cases/maintenance/sweep-orphans.use-case.ts';
import type { RequestAuthenticator } from '../adapters/http/auth.ts';
import type { OpenApiRegistry } from '../adapters/http/openapi.ts';
import type { Config } from './config.ts';
import type { Infrastructure } from './infrastructure.ts';

/**
 * Tokens of what every area module shares. Explicit symbols (no decorator metadata), so the same wiring
 * runs under Node, tsx and Deno. Each area module declares the tokens of its own use cases beside them.
 */
export const TOKENS = {
  config: Symbol('Config') as InjectionToken<Config>,
  logger: Symbol('Logger') as InjectionToken<Logger>,
  pool: Symbol('PgPool') as InjectionToken<pg.Pool>,
  infrastructure: Symbol('Infrastructure') as InjectionToken<Infrastructure>,
  /** The whole store adapter; use cases get the narrow ports below (the same object). */
  store: Symbol('ObjectStore') as InjectionToken<ObjectStore>,
  storage: Symbol('ObjectStorage') as InjectionToken<ObjectStorage>,
  urls: Symbol('ObjectUrls') as InjectionToken<ObjectUrls>,
  directUploads: Symbol('DirectUploads') as InjectionToken<DirectUploads>,
  storeMaintenance: Symbol('StoreMaintenance') as InjectionToken<StoreMaintenance>,
  clock: Symbol('Clock') as InjectionToken<Clock>,
  ids: Symbol('IdGenerator') as InjectionToken<IdGenerator>,
  authenticator: Symbol('RequestAuthenticator') as InjectionToken<RequestAuthenticator>,
  rateLimiter: Symbol('RateLimiter') as InjectionToken<RateLimiter & { close(): Promise<void> }>,
  deletionQueue: Symbol('DeletionQueue') as InjectionToken<DeletionQueue>,
  /** The background job queue; `media.start()`/`stop()` run its workers. */
  jobQueue: Symbol('JobQueue') as InjectionToken<JobQueue & { start(): void; stop(timeoutMs: number): Promise<void> }>,
  inspector: Symbol('MediaInspector') as InjectionToken<MediaInspector>,
  cursors: Symbol('KeysetCursors') as InjectionToken<KeysetCursors>,
  openapi: Symbol('OpenApiRegistry') as InjectionToken<OpenApiRegistry>,
  sweepOrphans: Symbol('SweepOrphans') as InjectionToken<SweepOrphans>,
  apiRouter: Symbol('ApiRouter') as InjectionToken<Router>,
} as const;
