import { join, resolve } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ObjectStore } from '../adapters/shared/object-store.ts';
import type { ReadinessProbe } from '../application/ports/readiness-probe.port.ts';
import type { SignedObjectAccess } from '../adapters/shared/signed-object-access.ts';
import { FsObjectStore } from '../adapters/fs/fs-object-store.ts';
import { startEmbeddedPglite, type EmbeddedPglite } from '../adapters/postgres/embedded-pglite.ts';
import { createPgPool } from '../adapters/postgres/pg-pool.ts';
import { pgTables, type PgTables } from '../adapters/postgres/pg-tables.ts';
import { PostgresReadinessProbe } from '../adapters/postgres/postgres-readiness-probe.ts';
import { SchemaVersion } from '../adapters/postgres/schema-version.ts';
import { provisionBucket } from '../adapters/s3/s3-bucket-provisioner.ts';
import { createS3Client } from '../adapters/s3/s3-client-factory.ts';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import type { Config } from './config.ts';
import { loadOrCreateSecret } from './secret-file.ts';

export interface Infrastructure {
  /** The host's pool when it passed one, else the service's own (on DATABASE_URL or the embedded PGlite). */
  pool: pg.Pool;
  /** Every table of the service, named with DATABASE_SCHEMA. */
  tables: PgTables;
  /** Whether the schema is at this release's version (the router's gate and a readiness probe). */
  schema: SchemaVersion;
  store: ObjectStore;
  /** Set with the filesystem store: its signed URLs are answered by the service's own `/objects` route. */
  signedAccess: SignedObjectAccess | null;
  /** OBJECT_URL_SECRET, or the key kept in DATA_DIR: signs the fs store's URLs and keys the list cursors. */
  signingSecret: string;
  probes: ReadinessProbe[];
  embedded: boolean;
  /** Closes what the service opened itself; a host's pool is left as it is. */
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  /** The host backend's pool, used as it is and never ended. */
  pool?: pg.Pool;
}

/** Opens the database (the host's pool, DATABASE_URL, or embedded PGlite) and the store. Runs no migration. */
export const openInfrastructure = async (config: Config, logger: Logger, options: InfrastructureOptions = {}): Promise<Infrastructure> => {
  const dataDir = resolve(config.DATA_DIR);
  let pglite: EmbeddedPglite | null = null;
  let pool = options.pool;
  const ownPool = pool === undefined;
  if (pool === undefined) {
    let url = config.DATABASE_URL;
    if (!url) {
      pglite = await startEmbeddedPglite({ dataDir });
      url = pglite.url;
      logger.info({ dataDir }, 'embedded database (PGlite) started');
    }
    // PGlite has a single backend: one pooled connection, or statements of two connections interleave.
    pool = createPgPool({
      url,
      max: pglite ? 1 : config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
      onError: (error) => logger.warn({ err: error.message }, 'idle database connection failed'),
    });
  }
  const closeDatabase = async () => {
    if (ownPool) await pool.end().catch(() => undefined);
    await pglite?.close();
  };
  try {
    const signingSecret = config.OBJECT_URL_SECRET ?? (await loadOrCreateSecret(join(dataDir, 'url-signing.key')));
    const { store, signedAccess } = await openStore(config, dataDir, signingSecret, logger);
    const schema = new SchemaVersion(pool, config.DATABASE_SCHEMA);
    return {
      pool,
      tables: pgTables(config.DATABASE_SCHEMA),
      schema,
      store,
      signedAccess,
      signingSecret,
      embedded: pglite !== null,
      probes: [new PostgresReadinessProbe(pool), schema, { name: 'store', check: () => store.ping() }],
      close: closeDatabase,
    };
  } catch (error) {
    await closeDatabase().catch(() => undefined);
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
    const store = new FsObjectStore({
      root: join(dataDir, 'objects'),
      publicBaseUrl: config.PUBLIC_BASE_URL,
      signingSecret,
      presignCacheEntries: config.PRESIGN_CACHE_ENTRIES,
    });
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
  const store = new S3ObjectStore({
    client,
    bucket,
    partSize: config.S3_UPLOAD_PART_SIZE_BYTES,
    queueSize: config.S3_UPLOAD_QUEUE_SIZE,
    presignCacheEntries: config.PRESIGN_CACHE_ENTRIES,
  });
  return { store, signedAccess: null };
};
