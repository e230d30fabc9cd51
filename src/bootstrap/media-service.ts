import 'reflect-metadata';
import type { Router } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../application/ports/clock.port.ts';
import type { ObjectStore } from '../adapters/shared/object-store.ts';
import type { SweepReport } from '../application/use-cases/maintenance/sweep-orphans.use-case.ts';
import { bearerAuthenticator, hostAuthenticator, type HostAuthenticate } from '../adapters/http/auth.ts';
import { createLogger } from '../adapters/http/logger.ts';
import { runMigrations } from '../adapters/postgres/migrator.ts';
import { roleRules, setUpAuth } from './auth-setup.ts';
import { loadConfig, type Config } from './config.ts';
import { createContainer, TOKENS } from './container.ts';
import { openInfrastructure } from './infrastructure.ts';

export type { HostAuthenticate } from '../adapters/http/auth.ts';

export interface MediaServiceOptions {
  /** The same variables as the standalone service (README, Configuration); read once, here. */
  env: Record<string, string | undefined>;
  /** The host's pg Pool, used as it is: no pool-wide parser or session setting is changed, and it is never ended. */
  pool?: pg.Pool;
  /** The host's pino logger; the service logs through a child of it (one more child per request). */
  logger?: Logger;
  /** The host's own authentication instead of bearer JWTs: claims, or null for "not signed in" (401). */
  authenticate?: HostAuthenticate;
  /** Tests pin time. */
  clock?: Clock;
}

export interface MediaService {
  /** Everything the service answers (API, `/healthz`, `/readyz`, `/openapi.json`, `/docs`, `/objects`, `/app`). */
  router: Router;
  /**
   * Applies pending migrations inside DATABASE_SCHEMA (creating it when missing), under a lock of the
   * service's own: idempotent and safe from several instances at once. Returns the migrations applied.
   */
  migrate(): Promise<string[]>;
  /** Starts the background work (the sweeper, the job workers) of the features that are on. Idempotent. */
  start(): void;
  /**
   * Stops the background work, waits for what is running (a job for up to SHUTDOWN_TIMEOUT_SECONDS, then it
   * is handed back to the queue), and closes what the service opened itself.
   */
  stop(): Promise<void>;
  /** One sweep now (what the background work does on its interval); `npm run sweep` and tests. */
  sweep(): Promise<SweepReport>;
  /** The configuration as read from `env`. */
  readonly config: Config;
  readonly logger: Logger;
  /** The pool in use (the host's, or the service's own) and the object store, for maintenance and tests. */
  readonly pool: pg.Pool;
  readonly store: ObjectStore;
  readonly embeddedDatabase: boolean;
  /** Development tokens, when the service generated its own JWT secret (never in production). */
  readonly devTokens: { admin: string; member: string } | null;
}

/**
 * The one composition root: the standalone server (`npm start`), the CLI and a host backend all build the
 * service here. It runs no migration and starts no timer by itself; the router answers 503 until the
 * schema is at this release's version.
 */
export const createMediaService = async (options: MediaServiceOptions): Promise<MediaService> => {
  const config = loadConfig(options.env, { hostPool: options.pool !== undefined, hostAuthenticates: options.authenticate !== undefined });
  const logger = (options.logger ?? createLogger({ level: config.LOG_LEVEL })).child({ component: 'synesthesie-media' });
  const auth = options.authenticate ? null : await setUpAuth(config);
  const authenticator = options.authenticate ? hostAuthenticator(options.authenticate, roleRules(config)) : bearerAuthenticator(auth!.verifier);
  const infrastructure = await openInfrastructure(config, logger, options.pool ? { pool: options.pool } : {});
  const container = createContainer({ config, logger, infrastructure, authenticator, ...(options.clock ? { clock: options.clock } : {}) });
  const router = container.resolve(TOKENS.apiRouter);
  const sweeper = container.resolve(TOKENS.sweepOrphans);
  const rateLimiter = container.resolve(TOKENS.rateLimiter);
  const jobQueue = container.resolve(TOKENS.jobQueue);

  let sweeping: Promise<SweepReport> | null = null;
  const sweep = (): Promise<SweepReport> => {
    sweeping ??= sweeper.execute().finally(() => {
      sweeping = null;
    });
    return sweeping;
  };
  let interval: ReturnType<typeof setInterval> | null = null;
  let stopping: Promise<void> | null = null;

  const backgroundSweep = () => {
    sweep().catch((error: unknown) => logger.warn({ err: String(error) }, 'sweep failed; will retry on the next interval'));
  };

  return {
    router,
    config,
    logger,
    pool: infrastructure.pool,
    store: infrastructure.store,
    embeddedDatabase: infrastructure.embedded,
    devTokens: auth?.devTokens ?? null,
    sweep,
    async migrate() {
      const database = { pool: infrastructure.pool };
      const applied = await runMigrations({
        database,
        schema: config.DATABASE_SCHEMA,
        log: (message) => logger.debug({ migration: message }, 'migration'),
      });
      if (applied.length > 0) logger.info({ applied, schema: config.DATABASE_SCHEMA }, 'migrations applied');
      infrastructure.schema.markCurrent();
      return applied;
    },
    start() {
      if (stopping !== null) return;
      // Touches the database only once some area has registered a job handler.
      jobQueue.start();
      if (interval !== null || config.SWEEP_INTERVAL_SECONDS === 0) return;
      interval = setInterval(backgroundSweep, config.SWEEP_INTERVAL_SECONDS * 1000);
      interval.unref();
      backgroundSweep();
    },
    stop() {
      stopping ??= (async () => {
        if (interval !== null) clearInterval(interval);
        interval = null;
        // A running job may finish within the shutdown allowance; one still running then is handed back.
        await jobQueue.stop(config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
        await sweeping?.catch(() => undefined);
        await rateLimiter.close();
        await infrastructure.close();
      })();
      return stopping;
    },
  };
};
