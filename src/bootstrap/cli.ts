import process from 'node:process';
import { createLogger } from '../adapters/http/logger.ts';
import { runMigrations } from '../adapters/postgres/migrator.ts';
import { startEmbeddedPglite } from '../adapters/postgres/embedded-pglite.ts';
import { provisionBucket } from '../adapters/s3/s3-bucket-provisioner.ts';
import { createS3Client } from '../adapters/s3/s3-client-factory.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createContainer, TOKENS } from './container.ts';
import { openInfrastructure } from './infrastructure.ts';
import { resolve } from 'node:path';
import { setUpAuth } from './auth-setup.ts';

const USAGE = `usage: cli <command>
  migrate     apply database migrations (also done at every start)
  sweep       one sweep: deletion queue, stale uploads, orphaned objects
  provision   configure the S3 bucket (private, encrypted, CORS, lifecycle); idempotent`;

const migrate = async (config: Config): Promise<void> => {
  const pglite = config.DATABASE_URL ? null : await startEmbeddedPglite({ dataDir: resolve(config.DATA_DIR) });
  try {
    const applied = await runMigrations({ databaseUrl: config.DATABASE_URL ?? pglite!.url });
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await pglite?.close();
  }
};

const sweep = async (config: Config): Promise<void> => {
  const logger = createLogger({ level: config.LOG_LEVEL });
  const infrastructure = await openInfrastructure(config, logger);
  try {
    const auth = await setUpAuth(config);
    const container = createContainer({ config, logger, infrastructure, verifier: auth.verifier });
    const report = await container.resolve(TOKENS.sweepOrphans).execute();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    await container.resolve(TOKENS.rateLimiter).close();
  } finally {
    await infrastructure.close();
  }
};

const provision = async (config: Config): Promise<void> => {
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

const COMMANDS: Record<string, (config: Config) => Promise<void>> = { migrate, sweep, provision };

const main = async (): Promise<number> => {
  const command = process.argv[2];
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  await run(config);
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
