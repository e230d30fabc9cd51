import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { BottleneckRateLimiter } from '../../src/adapters/ratelimit/bottleneck-rate-limiter.ts';

describe('in-process rate limiter (bottleneck)', () => {
  const limiters: BottleneckRateLimiter[] = [];
  const make = (options: Partial<ConstructorParameters<typeof BottleneckRateLimiter>[0]> = {}) => {
    const limiter = new BottleneckRateLimiter({ requestsPerMinute: 3, uploadsPerMinute: 5, ...options });
    limiters.push(limiter);
    return limiter;
  };
  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((l) => l.close()));
  });

  test('allows the budget, then denies with a Retry-After within the window', async () => {
    const limiter = make();
    const user = randomUUID();
    for (let i = 0; i < 3; i += 1) expect(await limiter.consume('requests', user)).toEqual({ allowed: true });
    const denied = await limiter.consume('requests', user);
    expect(denied.allowed).toBe(false);
    if (!denied.allowed) {
      expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(denied.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  test('users and buckets have separate budgets', async () => {
    const limiter = make();
    const [a, b] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 3; i += 1) await limiter.consume('requests', a);
    expect((await limiter.consume('requests', a)).allowed).toBe(false);
    expect((await limiter.consume('requests', b)).allowed).toBe(true);
    expect((await limiter.consume('uploads', a)).allowed).toBe(true);
  });

  test('costs are weights; a cost above the whole budget is never allowed', async () => {
    const limiter = make();
    const user = randomUUID();
    expect((await limiter.consume('uploads', user, 4)).allowed).toBe(true);
    expect((await limiter.consume('uploads', user, 2)).allowed).toBe(false);
    expect((await limiter.consume('uploads', user, 1)).allowed).toBe(true);
    expect((await limiter.consume('uploads', randomUUID(), 6)).allowed).toBe(false);
    expect((await limiter.consume('uploads', user, 0)).allowed).toBe(true);
  });

  test('the budget is refilled when the window has passed', async () => {
    const limiter = make({ windowMs: 1_000 });
    const user = randomUUID();
    for (let i = 0; i < 3; i += 1) await limiter.consume('requests', user);
    const denied = await limiter.consume('requests', user);
    expect(denied).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_400));
    expect((await limiter.consume('requests', user)).allowed).toBe(true);
  });

  test('many concurrent calls never overdraw', async () => {
    const limiter = make({ requestsPerMinute: 25 });
    const user = randomUUID();
    const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.consume('requests', user)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
  });

  test('concurrent calls within the budget are all allowed (no false 429 for parallel requests)', async () => {
    const limiter = make({ requestsPerMinute: 10_000 });
    const user = randomUUID();
    for (let round = 0; round < 5; round += 1) {
      const decisions = await Promise.all(Array.from({ length: 400 }, () => limiter.consume('requests', user)));
      expect(decisions.filter((d) => !d.allowed)).toEqual([]);
    }
  });

  test('a denied call costs nothing: the budget left after a denial is still usable by a smaller cost', async () => {
    const limiter = make({ uploadsPerMinute: 3 });
    const user = randomUUID();
    expect((await limiter.consume('uploads', user, 2)).allowed).toBe(true);
    expect((await limiter.consume('uploads', user, 2)).allowed).toBe(false);
    expect((await limiter.consume('uploads', user, 1)).allowed).toBe(true);
    expect((await limiter.consume('uploads', user, 1)).allowed).toBe(false);
  });
});
