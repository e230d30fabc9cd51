import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { Clock } from '../../application/ports/clock.port.ts';
import { KeysetCursors } from '../../application/shared/cursor.ts';
import type { RequestAuthenticator } from '../../adapters/http/auth.ts';
import { OpenApiRegistry } from '../../adapters/http/openapi.ts';
import { PgBossJobQueue } from '../../adapters/jobs/pg-boss-job-queue.ts';
import { FileTypeMediaInspector } from '../../adapters/media/file-type-media-inspector.ts';
import { PgDeletionQueue } from '../../adapters/postgres/pg-deletion-queue.ts';
import { BottleneckRateLimiter } from '../../adapters/ratelimit/bottleneck-rate-limiter.ts';
import { randomIdGenerator } from '../../adapters/system/random-id-generator.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import type { Config } from '../config.ts';
import type { Infrastructure } from '../infrastructure.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce } from './area-module.ts';

export interface SharedInput {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
  authenticator: RequestAuthenticator;
  /** Tests pin time. */
  clock?: Clock;
}

/** What every area uses: configuration, the store's ports, time, ids, rate limits, the deletion queue, the job queue. */
export const registerShared = (c: DependencyContainer, input: SharedInput): void => {
  const { config, infrastructure } = input;
  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.logger, { useValue: input.logger });
  c.register(TOKENS.infrastructure, { useValue: infrastructure });
  c.register(TOKENS.pool, { useValue: infrastructure.pool });
  // One store adapter serves every narrow port.
  const store = infrastructure.store;
  c.register(TOKENS.store, { useValue: store });
  c.register(TOKENS.storage, { useValue: store });
  c.register(TOKENS.urls, { useValue: store });
  c.register(TOKENS.directUploads, { useValue: store });
  c.register(TOKENS.storeMaintenance, { useValue: store });
  c.register(TOKENS.clock, { useValue: input.clock ?? systemClock });
  c.register(TOKENS.ids, { useValue: randomIdGenerator });
  c.register(TOKENS.authenticator, { useValue: input.authenticator });
  registerOnce(
    c,
    TOKENS.rateLimiter,
    () =>
      new BottleneckRateLimiter({
        requestsPerMinute: config.RATE_LIMIT_REQUESTS_PER_MINUTE,
        uploadsPerMinute: config.RATE_LIMIT_UPLOADS_PER_MINUTE,
        ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
        onError: (error) => input.logger.warn({ err: String(error) }, 'rate limit datastore unavailable; failing open'),
      }),
  );
  registerOnce(c, TOKENS.deletionQueue, (r) => new PgDeletionQueue(r.resolve(TOKENS.pool), infrastructure.tables));
  registerOnce(
    c,
    TOKENS.jobQueue,
    (r) => new PgBossJobQueue({ db: r.resolve(TOKENS.pool), schema: config.DATABASE_SCHEMA, concurrency: config.JOB_CONCURRENCY, logger: input.logger }),
  );
  registerOnce(c, TOKENS.inspector, () => new FileTypeMediaInspector());
  registerOnce(c, TOKENS.cursors, () => new KeysetCursors(infrastructure.signingSecret));
  registerOnce(c, TOKENS.openapi, () => new OpenApiRegistry());
};
