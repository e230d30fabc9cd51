import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BottleneckRateLimiter, type BottleneckRateLimiterOptions } from '../../src/adapters/ratelimit/bottleneck-rate-limiter.ts';
import { freePort } from '../support/free-port.ts';

/** A running Redis to use instead of starting one (like TEST_DATABASE_URL / TEST_S3_ENDPOINT). */
const externalUrl = process.env.TEST_REDIS_URL;
const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const redisServer = externalUrl === undefined ? spawnSync('sh', ['-c', 'command -v "$0"', binary], { encoding: 'utf8' }).stdout.trim() : '';
const available = externalUrl !== undefined || redisServer !== '';
if (!available) console.warn(`redis-backed rate limit tests skipped: ${binary} is not installed (apt-get install redis-server) and TEST_REDIS_URL is unset`);

const waitForRedis = async (url: string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      client.disconnect();
    }
  }
};

describe.skipIf(!available)(`redis-backed rate limits${available ? '' : ' (skipped: redis-server not installed)'}`, () => {
  let redis: ChildProcess | undefined;
  let redisUrl: string;
  const limiters: BottleneckRateLimiter[] = [];
  const make = (options: Partial<BottleneckRateLimiterOptions> & { keyPrefix: string }) => {
    const limiter = new BottleneckRateLimiter({ requestsPerMinute: 5, uploadsPerMinute: 3, redisUrl, ...options });
    limiters.push(limiter);
    return limiter;
  };
  // A call before the client has connected fails open by design; these tests are about the shared budget.
  const ready = async (limiter: BottleneckRateLimiter) => expect(await limiter.ready(5_000)).toBe(true);

  beforeAll(async () => {
    if (externalUrl !== undefined) {
      redisUrl = externalUrl;
      return;
    }
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForRedis(redisUrl);
  });

  afterAll(async () => {
    try {
      await Promise.all(limiters.map((limiter) => limiter.close()));
    } finally {
      const child = redis;
      if (child !== undefined && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  });

  test('two limiter instances share one budget per user; other users are unaffected', async () => {
    const keyPrefix = `test-${randomUUID()}`;
    const [a, b] = [make({ keyPrefix }), make({ keyPrefix })];
    await Promise.all([ready(a), ready(b)]);
    const user = `user-${randomUUID()}`;
    for (let i = 0; i < 3; i += 1) expect(await a.consume('requests', user)).toEqual({ allowed: true });
    for (let i = 0; i < 2; i += 1) expect(await b.consume('requests', user)).toEqual({ allowed: true });
    for (const limiter of [a, b]) {
      const denied = await limiter.consume('requests', user);
      expect(denied.allowed).toBe(false);
      if (!denied.allowed) {
        expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(55);
        expect(denied.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
    }
    expect((await b.consume('requests', `other-${randomUUID()}`)).allowed).toBe(true);
    expect((await a.consume('uploads', user, 3)).allowed).toBe(true);
    expect((await b.consume('uploads', user)).allowed).toBe(false);
  });

  test('concurrent calls on both instances never overdraw the shared budget', async () => {
    const keyPrefix = `test-${randomUUID()}`;
    const [a, b] = [make({ keyPrefix }), make({ keyPrefix })];
    await Promise.all([ready(a), ready(b)]);
    const user = `user-${randomUUID()}`;
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).consume('requests', user)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  test('Retry-After follows the shared window, and the budget comes back after it', async () => {
    const keyPrefix = `test-${randomUUID()}`;
    const [a, b] = [make({ keyPrefix, windowMs: 5_000 }), make({ keyPrefix, windowMs: 5_000 })];
    await Promise.all([ready(a), ready(b)]);
    const user = `user-${randomUUID()}`;
    for (let i = 0; i < 5; i += 1) await a.consume('requests', user);
    const denied = await b.consume('requests', user);
    expect(denied.allowed).toBe(false);
    const wait = denied.allowed ? 0 : denied.retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(5);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 300));
    expect((await b.consume('requests', user)).allowed).toBe(true);
  });

  test('redis keeps hashed user keys, never the raw subject', async () => {
    const keyPrefix = `test-${randomUUID()}`;
    const limiter = make({ keyPrefix });
    await ready(limiter);
    const user = `sub-${randomUUID()}`;
    await limiter.consume('requests', user);
    const client = new Redis(redisUrl);
    try {
      const keys = await client.keys(`*${keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toContain(user);
    } finally {
      client.disconnect();
    }
  });

  test('an unreachable redis fails open and reports the trouble', async () => {
    const errors: unknown[] = [];
    const limiter = make({ keyPrefix: `test-${randomUUID()}`, redisUrl: `redis://127.0.0.1:${await freePort()}`, onError: (e) => errors.push(e) });
    expect(await limiter.ready(300)).toBe(false);
    const started = Date.now();
    expect(await limiter.consume('requests', 'someone')).toEqual({ allowed: true });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(errors.length).toBeGreaterThan(0);
  });
});
