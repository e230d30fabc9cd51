import process from 'node:process';
import { parseArgs } from 'node:util';
import { moveFromPublic, runMigrations } from '../adapters/postgres/migrator.ts';
import { provisionBucket } from '../adapters/s3/s3-bucket-provisioner.ts';
import { createS3Client } from '../adapters/s3/s3-client-factory.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createMediaService, type MediaService } from './media-service.ts';

const USAGE = `usage: cli <command>
  migrate [up|down] [--count N] [--move-from-public]
              apply pending migrations in DATABASE_SCHEMA (up, the default), or revert the last N (down, 1 by
              default); --move-from-public first moves the tables of a release before DATABASE_SCHEMA out of
              "public" into the schema
  sweep       one sweep: deletion queue, stale uploads, orphaned objects
  provision   configure the S3 bucket (private, encrypted, CORS, lifecycle); idempotent`;

const withService = async <T>(fn: (media: MediaService) => Promise<T>): Promise<T> => {
  const media = await createMediaService({ env: process.env });
  try {
    return await fn(media);
  } finally {
    await media.stop();
  }
};

const migrate = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { count: { type: 'string' }, 'move-from-public': { type: 'boolean' } },
  });
  const direction = positionals[0] ?? 'up';
  if ((direction !== 'up' && direction !== 'down') || positionals.length > 1) throw new UsageError(`unknown migrate direction: ${positionals.join(' ')}`);
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) throw new UsageError('--count must be a positive whole number');
  await withService(async (media) => {
    const schema = media.config.DATABASE_SCHEMA;
    if (values['move-from-public']) {
      const moved = await moveFromPublic({ pool: media.pool }, schema);
      process.stdout.write(moved.length > 0 ? `moved from public into ${schema}: ${moved.join(', ')}\n` : 'nothing to move from public\n');
    }
    const changed =
      direction === 'up'
        ? await media.migrate()
        : await runMigrations({ database: { pool: media.pool }, schema, direction: 'down', count: count ?? 1 });
    const verb = direction === 'up' ? 'applied' : 'reverted';
    process.stdout.write(changed.length > 0 ? `${verb} in schema ${schema}: ${changed.join(', ')}\n` : `schema ${schema} is up to date\n`);
  });
};

const sweep = async (): Promise<void> => {
  const report = await withService((media) => media.sweep());
  process.stdout.write(`${JSON.stringify(report)}\n`);
};

const provision = async (): Promise<void> => {
  const config = loadConfig(process.env);
  if (config.STORAGE_DRIVER !== 's3' || !config.S3_BUCKET) {
    throw new Error('provision configures an S3 bucket: set S3_BUCKET (and S3_REGION / S3_ENDPOINT)');
  }
  const client = createS3Client({ region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE });
  try {
    const steps = await provisionBucket(client, config.S3_BUCKET, { corsOrigins: config.CORS_ORIGINS });
    for (const step of steps) process.stdout.write(`${step.status.padEnd(11)} ${step.step}${step.detail ? ` (${step.detail})` : ''}\n`);
  } finally {
    client.destroy();
  }
};

class UsageError extends Error {}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { migrate, sweep, provision };

const main = async (): Promise<number> => {
  const [command, ...args] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    await run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
