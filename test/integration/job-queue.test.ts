import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JobHandler, JobPayload } from '../../src/application/ports/job-queue.port.ts';
import { PgBossJobQueue, type PgBossJobQueueOptions } from '../../src/adapters/jobs/pg-boss-job-queue.ts';
import { startEmbeddedPglite } from '../../src/adapters/postgres/embedded-pglite.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TEST_SCHEMA } from '../support/test-schema.ts';

/** A database the queue can be opened on, closed, and opened again (a restart). */
interface Backend {
  open(): Promise<{ pool: pg.Pool; close(): Promise<void> }>;
}

const jobName = (): string => `test_${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

const logs: string[] = [];
const logger = {
  info: (_: Record<string, unknown>, message: string) => logs.push(`info ${message}`),
  warn: (_: Record<string, unknown>, message: string) => logs.push(`warn ${message}`),
  error: (_: Record<string, unknown>, message: string) => logs.push(`error ${message}`),
};

const queueOn = (pool: pg.Pool, options: Partial<PgBossJobQueueOptions> = {}) =>
  new PgBossJobQueue({ db: pool, schema: TEST_SCHEMA, concurrency: 1, logger, pollIntervalMs: 100, retryLimit: 1, retryDelaySeconds: 1, ...options });

/** The tests both databases must pass. `retries` is how many retries the failure test waits through (each costs seconds). */
const jobQueueSuite = (backend: () => Backend, retries: number) => {
  let pool: pg.Pool;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ pool, close } = await backend().open());
  });
  afterAll(async () => {
    await close?.();
  });

  test('start() without a handler touches nothing; with one it logs one info line', async () => {
    let queries = 0;
    const counting = { query: (text: string, values?: unknown[]) => (queries++, pool.query(text, values)) };
    const idle = queueOn(pool, { db: counting });
    logs.length = 0;
    idle.start();
    await sleep(300);
    await idle.stop(1000);
    expect(queries).toBe(0);
    expect(logs).toEqual([]);

    const busy = queueOn(pool, { db: counting });
    busy.handle(jobName(), async () => undefined);
    busy.start();
    await waitFor('the workers to start', async () => logs.length > 0);
    await busy.stop(1000);
    expect(queries).toBeGreaterThan(0);
    expect(logs).toEqual(['info job workers started']);
  });

  test('runs a job once with its payload; a singleton key queues a job once; tables only in DATABASE_SCHEMA', async () => {
    const name = jobName();
    const queue = queueOn(pool);
    const runs: JobPayload[] = [];
    queue.handle(name, async (payload) => {
      runs.push(payload);
    });
    try {
      const first = await queue.enqueue(name, { trackId: 't1' }, { singletonKey: 't1' });
      expect(first).toEqual(expect.any(String));
      expect(await queue.enqueue(name, { trackId: 't1' }, { singletonKey: 't1' })).toBeNull();
      const other = await queue.enqueue(name, { trackId: 't2' });
      expect(await queue.status(name, first!)).toMatchObject({ id: first, name, state: 'queued', failures: 0, reason: null });
      queue.start();
      await waitFor('both jobs done', async () => (await queue.status(name, other!))?.state === 'done' && (await queue.status(name, first!))?.state === 'done');
      expect(runs.sort((a, b) => String(a.trackId).localeCompare(String(b.trackId)))).toEqual([{ trackId: 't1' }, { trackId: 't2' }]);
      expect(await queue.status(name, '00000000-0000-4000-8000-000000000000')).toBeNull();
    } finally {
      await queue.stop(1000);
    }
    const elsewhere = await pool.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ($1, 'pg_catalog', 'information_schema')`,
      [TEST_SCHEMA],
    );
    expect(elsewhere.rows).toEqual([]);
    const schemas = await pool.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT LIKE 'pg\\_%' ORDER BY 1`);
    expect(schemas.rows.map((r) => r.schema_name)).toEqual(['information_schema', TEST_SCHEMA, 'public']);
    const ours = await pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [TEST_SCHEMA]);
    expect(ours.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['job', 'queue', 'version', 'archive']));
  });

  test(`a failing job is retried with a growing delay, then ends failed with the error's message`, async () => {
    const name = jobName();
    const queue = queueOn(pool, { retryLimit: retries });
    const attempts: { attempt: number; at: number }[] = [];
    queue.handle(name, async (_, run) => {
      attempts.push({ attempt: run.attempt, at: Date.now() });
      throw new Error(`decoder said no (attempt ${run.attempt})`);
    });
    try {
      const id = (await queue.enqueue(name, {}))!;
      queue.start();
      // Between the first failure and the retry (at least a second): queued again, with the reason.
      await waitFor('the first failure', async () => (await queue.status(name, id))?.failures === 1);
      expect(await queue.status(name, id)).toEqual({ id, name, state: 'queued', failures: 1, reason: 'decoder said no (attempt 1)' });
      const failed = await waitFor('the failed state', async () => {
        const status = await queue.status(name, id);
        return status?.state === 'failed' ? status : null;
      });
      expect(failed).toEqual({ id, name, state: 'failed', failures: retries + 1, reason: `decoder said no (attempt ${retries + 1})` });
      expect(attempts.map((a) => a.attempt)).toEqual(Array.from({ length: retries + 1 }, (_, i) => i + 1));
      // retryDelay × 2^n × (1 + jitter)/… : at least a second before the first retry, each wait no shorter than the last.
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(900);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]! - 100);
    } finally {
      await queue.stop(1000);
    }
  });

  test('JOB_CONCURRENCY bounds the jobs running at once, across job names', async () => {
    const names = [jobName(), jobName()];
    const queue = queueOn(pool, { concurrency: 2 });
    let running = 0;
    let most = 0;
    let done = 0;
    const handler: JobHandler = async () => {
      running++;
      most = Math.max(most, running);
      await sleep(150);
      running--;
      done++;
    };
    for (const name of names) queue.handle(name, handler);
    try {
      for (const name of names) for (let i = 0; i < 3; i++) await queue.enqueue(name, { i });
      queue.start();
      await waitFor('six jobs done', async () => done === 6);
      expect(most).toBe(2);
    } finally {
      await queue.stop(1000);
    }
  });

  test('stop() lets a running job finish; one still running at the timeout is handed back and runs again', async () => {
    const name = jobName();
    let release = (): void => undefined;
    let started = false;
    const first = queueOn(pool);
    first.handle(name, async () => {
      started = true;
      await new Promise<void>((resolve) => (release = resolve));
    });
    const finishing = (await first.enqueue(name, {}))!;
    first.start();
    await waitFor('the job to start', async () => started);
    const stopped = first.stop(5000);
    await sleep(200);
    expect(await first.status(name, finishing)).toMatchObject({ state: 'running' });
    release();
    await stopped;
    const second = queueOn(pool);
    expect(await second.status(name, finishing)).toMatchObject({ state: 'done' });

    let aborted = false;
    second.handle(name, async (_, run) => {
      await new Promise<void>((resolve) => run.signal.addEventListener('abort', () => resolve()));
      aborted = true;
    });
    const handedBack = (await second.enqueue(name, {}))!;
    second.start();
    await waitFor('the job to run', async () => (await second.status(name, handedBack))?.state === 'running');
    await second.stop(100);
    expect(aborted).toBe(true);
    expect(await second.status(name, handedBack)).toMatchObject({ state: 'queued', failures: 1, reason: expect.stringMatching(/handed back/) });

    const third = queueOn(pool);
    third.handle(name, async () => undefined);
    third.start();
    try {
      await waitFor('the handed-back job to run again', async () => (await third.status(name, handedBack))?.state === 'done');
    } finally {
      await third.stop(1000);
    }
  });

  test('jobs survive a restart: queued before, run after', async () => {
    const name = jobName();
    const before = queueOn(pool);
    const id = (await before.enqueue(name, { trackId: 'kept' }))!;
    await before.stop(1000);
    await close();
    ({ pool, close } = await backend().open());
    const after = queueOn(pool);
    const runs: JobPayload[] = [];
    after.handle(name, async (payload) => {
      runs.push(payload);
    });
    after.start();
    try {
      await waitFor('the job to run after the restart', async () => (await after.status(name, id))?.state === 'done');
      expect(runs).toEqual([{ trackId: 'kept' }]);
    } finally {
      await after.stop(1000);
    }
  });
};

describe('PgBossJobQueue on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolMax: 4 });
  });
  afterAll(async () => {
    await db?.drop();
  });
  const backend = (): Backend => ({
    open: async () => {
      const pool = createPgPool({ url: db.url, max: 4 });
      return { pool, close: () => pool.end() };
    },
  });

  jobQueueSuite(backend, 2);

  test('workers started while the database is down start once it is back', async () => {
    let refusals = 3;
    const flaky = {
      query: (text: string, values?: unknown[]) => (refusals-- > 0 ? Promise.reject(new Error('connection refused')) : db.pool.query(text, values)),
    };
    const name = jobName();
    const queue = queueOn(db.pool, { db: flaky });
    let ran = false;
    queue.handle(name, async () => {
      ran = true;
    });
    logs.length = 0;
    queue.start();
    try {
      await waitFor('the workers to start', async () => logs.includes('info job workers started'));
      await queue.enqueue(name, {});
      await waitFor('the job to run', async () => ran);
      expect(logs.filter((l) => l.startsWith('warn job queue unavailable')).length).toBeGreaterThan(0);
    } finally {
      await queue.stop(1000);
    }
  });

  test('two instances sharing the database run each job once', async () => {
    const name = jobName();
    const instances = [0, 1].map(() => {
      const pool = createPgPool({ url: db.url, max: 3 });
      return { pool, queue: queueOn(pool, { concurrency: 2 }) };
    });
    const runs = new Map<number, number>();
    for (const { queue } of instances) {
      queue.handle(name, async (payload) => {
        await sleep(30);
        runs.set(Number(payload.n), (runs.get(Number(payload.n)) ?? 0) + 1);
      });
    }
    try {
      for (let n = 0; n < 16; n++) await instances[n % 2]!.queue.enqueue(name, { n });
      for (const { queue } of instances) queue.start();
      await waitFor('sixteen jobs', async () => runs.size === 16 && [...runs.values()].reduce((a, b) => a + b) >= 16);
      await sleep(300);
      expect([...runs.values()]).toEqual(Array.from({ length: 16 }, () => 1));
    } finally {
      for (const { queue, pool } of instances) {
        await queue.stop(1000);
        await pool.end();
      }
    }
  });
});

describe('PgBossJobQueue on embedded PGlite (a pool of one)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'media-jobs-pglite-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  // As the service opens it, with one pooled connection (pg-boss creates the schema; our migrations are not needed here).
  const backend = (): Backend => ({
    open: async () => {
      const embedded = await startEmbeddedPglite({ dataDir });
      const pool = createPgPool({ url: embedded.url, max: 1 });
      return {
        pool,
        close: async () => {
          await pool.end();
          await embedded.close();
        },
      };
    },
  });

  jobQueueSuite(backend, 1);
});
