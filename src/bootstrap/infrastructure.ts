import { join, resolve } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ObjectStore } from '../application/ports/object-store.port.ts';
import type { ReadinessProbe } from '../application/ports/readiness-probe.port.ts';
import type { SignedObjectAccess } from '../application/ports/signed-object-access.port.ts';
import { FsObjectStore } from '../adapters/fs/fs-object-store.ts';
import { startEmbeddedPglite, type EmbeddedPglite } from '../adapters/postgres/embedded-pglite.ts';
import { runMigrations } from '../adapters/postgres/migrator.ts';
import { createPgPool } from '../adapters/postgres/pg-pool.ts';
import { PostgresReadinessProbe } from '../adapters/postgres/postgres-readiness-probe.ts';
import { provisionBucket } from '../adapters/s3/s3-bucket-provisioner.ts';
import { createS3Client } from '../adapters/s3/s3-client-factory.ts';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import type { Config } from './config.ts';
import { loadOrCreateSecret } from './secret-file.ts';

export interface Infrastructure {
  pool: pg.Pool;
  store: ObjectStore;
  /** Set with the filesystem store: its signed URLs are answered by the service's own `/objects` route. */
  signedAccess: SignedObjectAccess | null;
  /** OBJECT_URL_SECRET, or the key kept in DATA_DIR: signs the fs store's URLs and keys the list cursors. */
  signingSecret: string;
  probes: ReadinessProbe[];
  embedded: boolean;
  close(): Promise<void>;
}

/** Opens the database (embedded PGlite when DATABASE_URL is unset), applies migrations, and opens the store. */
export const openInfrastructure = async (config: Config, logger: Logger): Promise<Infrastructure> => {
  const dataDir = resolve(config.DATA_DIR);
  let pglite: EmbeddedPglite | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    pglite = await startEmbeddedPglite({ dataDir });
    url = pglite.url;
    logger.info({ dataDir }, 'embedded database (PGlite) started');
  }
  try {
    const applied = await runMigrations({ databaseUrl: url, log: (m) => logger.debug({ migration: m }, 'migration') });
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    // PGlite has a single backend: one pooled connection, or statements of two connections interleave.
    const pool = createPgPool({
      url,
      max: pglite ? 1 : config.DATABASE_POOL_SIZE,
      onError: (error) => logger.warn({ err: error.message }, 'idle database connection failed'),
    });
    const signingSecret = config.OBJECT_URL_SECRET ?? (await loadOrCreateSecret(join(dataDir, 'url-signing.key')));
    const { store, signedAccess } = await openStore(config, dataDir, signingSecret, logger);
    return {
      pool,
      store,
      signedAccess,
      signingSecret,
      embedded: pglite !== null,
      probes: [new PostgresReadinessProbe(pool), { name: 'store', check: () => store.ping() }],
      close: async () => {
        await pool.end().catch(() => undefined);
        await pglite?.close();
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    throw error;
  }
};

const openStore = async (
  config: Config,
  dataDir: string,
  signingSecret: string,
  logger: Logger,
): Promise<{ store: ObjectStore; signedAccess: SignedObjectAccess | null }> => {
  if (config.STORAGE_DRIVER === 'fs') {
    const store = new FsObjectStore({ root: join(dataDir, 'objects'), publicBaseUrl: config.PUBLIC_BASE_URL, signingSecret });
    return { store, signedAccess: store };
  }
  const bucket = config.S3_BUCKET as string;
  const client = createS3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  if (config.S3_PROVISION_ON_START) {
    const steps = await provisionBucket(client, bucket, { corsOrigins: config.CORS_ORIGINS });
    logger.info({ bucket, steps }, 'bucket provisioned');
  }
  return { store: new S3ObjectStore({ client, bucket }), signedAccess: null };
};
