import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { startService, type RunningService } from '../../src/bootstrap/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { logCapture } from '../support/http-test-server.ts';
import { s3CredentialEnv, testS3Client } from '../support/s3-test-client.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { TEST_JWT_SECRET, tokenMint, type TokenMint } from '../support/tokens.ts';

export interface ProxiedService {
  service: RunningService;
  url: string;
  /** Between the service and PostgreSQL. */
  dbProxy: TcpProxy;
  /** Between the service and the S3 server. */
  s3Proxy: TcpProxy;
  /** A direct pool on the service's database (not through the proxy), for assertions during an outage. */
  db: TestDatabase;
  bucket: string;
  tokens: TokenMint;
  logs: ReturnType<typeof logCapture>;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

/** The real service on the s3 store, on a fresh database and bucket, reaching both through proxies the test controls. */
export const startProxiedService = async (env: Record<string, string> = {}): Promise<ProxiedService> => {
  const db = await createTestDatabase({ migrate: false });
  const s3Endpoint = inject('s3Endpoint');
  const [dbProxy, s3Proxy] = await Promise.all([startTcpProxy(hostPort(db.url)), startTcpProxy(hostPort(s3Endpoint))]);
  const dataDir = await mkdtemp(join(tmpdir(), 'media-rel-'));
  const bucket = `rel-${randomUUID()}`;
  // The service reads its S3 credentials from the environment (the SDK's default chain).
  Object.assign(process.env, s3CredentialEnv());
  const client = testS3Client();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  const serviceEnv: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: dbProxy.rewrite(db.url),
    DATABASE_POOL_SIZE: '4',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SWEEP_INTERVAL_SECONDS: '0',
    STORAGE_DRIVER: 's3',
    S3_BUCKET: bucket,
    S3_ENDPOINT: s3Proxy.rewrite(s3Endpoint),
    S3_FORCE_PATH_STYLE: 'true',
    LOG_LEVEL: 'info',
    ...env,
  };
  const logs = logCapture();
  const service = await startService(serviceEnv, { logger: createLogger({ level: 'info', destination: logs }) });
  return {
    service,
    url: service.url,
    dbProxy,
    s3Proxy,
    db,
    bucket,
    tokens: tokenMint(TEST_JWT_SECRET),
    logs,
    call: (path, init = {}) => {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set('authorization', `Bearer ${token}`);
      return fetch(`${service.url}${path}`, { ...rest, headers: h });
    },
    stop: async () => {
      dbProxy.restore();
      s3Proxy.restore();
      await service.stop();
      await Promise.all([dbProxy.close(), s3Proxy.close()]);
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** Polls `check` until it returns true, at most `timeoutMs`; the state it waits for is observable, not timed. */
export const eventually = async (check: () => Promise<boolean>, timeoutMs = 15_000, everyMs = 50): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};

/** Every key in the bucket, read straight from the S3 server (not through the proxy). */
export const bucketKeys = async (bucket: string): Promise<string[]> => {
  const client = testS3Client();
  try {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  } finally {
    client.destroy();
  }
};
