import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { inject } from 'vitest';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { startService, type RunningService } from '../../src/bootstrap/server.ts';
import { createTestDatabase } from './database.ts';
import { logCapture } from './http-test-server.ts';
import { TEST_JWT_SECRET, tokenMint, type TokenMint } from './tokens.ts';
import { freePort } from './free-port.ts';
import { s3CredentialEnv, testS3Client } from './s3-test-client.ts';

export type StoreKind = 'fs' | 's3';

export interface TestService {
  url: string;
  kind: StoreKind;
  tokens: TokenMint;
  /** The service's own database pool and store, for asserting what was written. */
  pool: pg.Pool;
  store: ObjectStore;
  /** The bucket on the suite's S3 server (s3 store only). */
  bucket: string | undefined;
  service: RunningService;
  /** Its database and data directory, for a second process (the CLI) on the same service. */
  databaseUrl: string;
  dataDir: string;
  logs: ReturnType<typeof logCapture>;
  /** fetch against the service with a bearer token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real service (bootstrap, container, HTTP app over a socket) on a fresh database of the suite's
 * PostgreSQL and either a fresh fs store directory or a fresh bucket on the suite's S3 server.
 */
export const startTestService = async (kind: StoreKind, env: Record<string, string> = {}): Promise<TestService> => {
  const db = await createTestDatabase({ migrate: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'media-svc-'));
  const port = await freePort();
  const bucket = `t-${randomUUID()}`;
  if (kind === 's3') {
    // The service reads its S3 credentials from the environment (the SDK's default chain).
    Object.assign(process.env, s3CredentialEnv());
    const client = testS3Client();
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
  }
  const serviceEnv: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'info',
    ...(kind === 's3' ? { STORAGE_DRIVER: 's3', S3_BUCKET: bucket, S3_ENDPOINT: inject('s3Endpoint'), S3_FORCE_PATH_STYLE: 'true' } : { STORAGE_DRIVER: 'fs' }),
    ...env,
  };
  const logs = logCapture();
  const service = await startService(serviceEnv, { logger: createLogger({ level: 'info', destination: logs }) });
  const tokens = tokenMint(TEST_JWT_SECRET);
  return {
    url: service.url,
    kind,
    tokens,
    pool: service.pool,
    store: service.store,
    bucket: kind === 's3' ? bucket : undefined,
    service,
    databaseUrl: db.url,
    dataDir,
    logs,
    call: (path, init = {}) => {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set('authorization', `Bearer ${token}`);
      return fetch(`${service.url}${path}`, { ...rest, headers: h });
    },
    stop: async () => {
      await service.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
