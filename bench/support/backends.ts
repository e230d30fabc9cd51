import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { runMigrations } from '../../src/adapters/postgres/migrator.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { createS3Client } from '../../src/adapters/s3/s3-client-factory.ts';
import { startTestPostgres } from '../../test/support/postgres-server.ts';
import { startTestS3 } from '../../test/support/s3-server.ts';
import { TEST_SCHEMA } from '../../test/support/test-schema.ts';

export interface BenchDatabase {
  url: string;
  pool: pg.Pool;
}

export interface Backends {
  s3Endpoint: string;
  s3: S3Client;
  /** A fresh, migrated database on the bench PostgreSQL. */
  database(): Promise<BenchDatabase>;
  /** A fresh bucket on the bench S3 server. */
  bucket(): Promise<string>;
  stop(): Promise<void>;
}

/** s3rver accepts any credentials; the SDK's default chain and the service child both read these. */
export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

/** The same real servers the test suite uses: embedded PostgreSQL and s3rver, each in its own process. */
export const startBackends = async (): Promise<Backends> => {
  Object.assign(process.env, S3_CREDENTIALS);
  const [postgres, s3server] = await Promise.all([startTestPostgres(), startTestS3()]);
  const s3 = createS3Client({ region: 'us-east-1', endpoint: s3server.endpoint, forcePathStyle: true });
  const pools: pg.Pool[] = [];
  return {
    s3Endpoint: s3server.endpoint,
    s3,
    database: async () => {
      const name = `bench_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(postgres.url);
      url.pathname = `/${name}`;
      await runMigrations({ database: { url: url.toString() }, schema: TEST_SCHEMA });
      const pool = createPgPool({ url: url.toString(), max: 10 });
      pools.push(pool);
      return { url: url.toString(), pool };
    },
    bucket: async () => {
      const name = `bench-${randomBytes(6).toString('hex')}`;
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    stop: async () => {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      s3.destroy();
      await Promise.all([postgres.stop(), s3server.stop()]);
    },
  };
};
