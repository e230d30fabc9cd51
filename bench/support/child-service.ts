import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { signDevToken } from '../../src/adapters/http/dev-token-issuer.ts';
import { S3_CREDENTIALS } from './backends.ts';
import { repoRoot, spawnTs, stopChild } from './child-process.ts';
import { freePort } from '../../test/support/free-port.ts';
import { procMemory, type ProcMemory } from './proc-memory.ts';

export const BENCH_JWT_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const BENCH_OBJECT_SECRET = 'bench-object-url-secret-0123456789-abcdefghij';

export type StoreChoice = { kind: 's3'; endpoint: string; bucket: string } | { kind: 'fs'; dataDir: string };

export interface ChildService {
  url: string;
  pid: number;
  memory(): ProcMemory;
  token(role: 'admin' | 'member', sub?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `src/bootstrap/main.ts` in a child process (its memory is then its own), on the bench database and
 * store. Rate limits are lifted: the benchmarks measure capacity, not the limiter.
 */
export const startChildService = async (options: { databaseUrl: string; store: StoreChoice; env?: Record<string, string> }): Promise<ChildService> => {
  const port = await freePort();
  const storeEnv: Record<string, string> =
    options.store.kind === 's3'
      ? { STORAGE_DRIVER: 's3', S3_BUCKET: options.store.bucket, S3_ENDPOINT: options.store.endpoint, S3_FORCE_PATH_STYLE: 'true' }
      : { STORAGE_DRIVER: 'fs', DATA_DIR: options.store.dataDir };
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service under load.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawnTs(
    `${repoRoot}src/bootstrap/main.ts`,
    [],
    {
      ...S3_CREDENTIALS,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: '10',
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      OBJECT_URL_SECRET: BENCH_OBJECT_SECRET,
      SWEEP_INTERVAL_SECONDS: '0',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '10000000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
      MAX_TRACK_BYTES: String(8 * 1024 ** 3),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      ...storeEnv,
      ...options.env,
    },
    nodeArgs,
  );
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`service did not become ready: ${stderr}`);
    }
    await sleep(100);
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    memory: () => procMemory(pid),
    token: (role, sub = `bench-${role}`) => signDevToken(BENCH_JWT_SECRET, { sub, role, ttlSeconds: 6 * 3600 }),
    stop: () => stopChild(child),
  };
};
