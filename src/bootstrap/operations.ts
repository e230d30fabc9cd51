import { moveFromPublic, runMigrations } from '../adapters/postgres/migrator.ts';
import { provisionBucket } from '../adapters/s3/s3-bucket-provisioner.ts';
import { createS3Client } from '../adapters/s3/s3-client-factory.ts';
import { loadConfig } from './config.ts';
import { createMediaService, type MediaService } from './media-service.ts';

/**
 * The service's maintenance operations, each run once with the service's own configuration (read from
 * `env`, as the server reads it) rather than over HTTP: the deploy step, a manual sweep, the bucket set-up.
 * The CLI's `migrate`, `sweep` and `provision` commands call them in their own process.
 */

export type Env = Record<string, string | undefined>;

/** Where an operation reports what it did, one line at a time. */
export interface OperationOutput {
  write(text: string): unknown;
}

export interface MigrateOptions {
  /** `up` applies every pending migration; `down` reverts the last `count` (1 by default). */
  direction: 'up' | 'down';
  count?: number;
  /** First move the tables of a release before DATABASE_SCHEMA out of "public" into the schema. */
  moveFromPublic?: boolean;
}

const withService = async <T>(env: Env, fn: (media: MediaService) => Promise<T>): Promise<T> => {
  const media = await createMediaService({ env });
  try {
    return await fn(media);
  } finally {
    await media.stop();
  }
};

export const migrate = async (env: Env, options: MigrateOptions, out: OperationOutput): Promise<void> => {
  await withService(env, async (media) => {
    const schema = media.config.DATABASE_SCHEMA;
    if (options.moveFromPublic) {
      const moved = await moveFromPublic({ pool: media.pool }, schema);
      out.write(moved.length > 0 ? `moved from public into ${schema}: ${moved.join(', ')}\n` : 'nothing to move from public\n');
    }
    const changed =
      options.direction === 'up'
        ? await media.migrate()
        : await runMigrations({ database: { pool: media.pool }, schema, direction: 'down', count: options.count ?? 1 });
    const verb = options.direction === 'up' ? 'applied' : 'reverted';
    out.write(changed.length > 0 ? `${verb} in schema ${schema}: ${changed.join(', ')}\n` : `schema ${schema} is up to date\n`);
  });
};

/** One sweep (deletion queue, stale uploads, orphaned objects); prints its report as one JSON line. */
export const sweep = async (env: Env, out: OperationOutput): Promise<void> => {
  const report = await withService(env, (media) => media.sweep());
  out.write(`${JSON.stringify(report)}\n`);
};

/** Configures the S3 bucket (private, encrypted, CORS, lifecycle); idempotent. Prints one line per step. */
export const provision = async (env: Env, out: OperationOutput): Promise<void> => {
  const config = loadConfig(env);
  if (config.STORAGE_DRIVER !== 's3' || !config.S3_BUCKET) {
    throw new Error('provision configures an S3 bucket: set S3_BUCKET (and S3_REGION / S3_ENDPOINT)');
  }
  const client = createS3Client({ region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE });
  try {
    const steps = await provisionBucket(client, config.S3_BUCKET, { corsOrigins: config.CORS_ORIGINS });
    for (const step of steps) out.write(`${step.status.padEnd(11)} ${step.step}${step.detail ? ` (${step.detail})` : ''}\n`);
  } finally {
    client.destroy();
  }
};
