import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { RateLimitBucket, RateLimitDecision, RateLimiter } from '../../application/ports/rate-limiter.port.ts';

export interface BottleneckRateLimiterOptions {
  requestsPerMinute: number;
  uploadsPerMinute: number;
  /** When set, every instance pointing at the same Redis (and keyPrefix) shares one budget per user. */
  redisUrl?: string;
  keyPrefix?: string;
  /** Length of a budget window. Tests shorten it; Bottleneck wants a multiple of 250 ms (5000 ms with Redis). */
  windowMs?: number;
  /** How long a decision may take before the limiter gives up on its datastore and lets the call through. */
  decisionTimeoutMs?: number;
  /** Datastore trouble (Redis down). Reported at most once per 30 s. */
  onError?: (error: unknown) => void;
}

type Decision = RateLimitDecision | 'unknown';

const ERROR_REPORT_INTERVAL_MS = 30_000;

/**
 * Fixed per-minute budgets with Bottleneck: one Group per bucket, one limiter per user whose reservoir
 * is refilled every window; a call takes its cost from the reservoir atomically (see `decide`), so
 * several instances sharing Redis share one budget and concurrent calls never overdraw it.
 *
 * Datastore trouble fails open: an unreachable Redis must not take the API down with it.
 */
export class BottleneckRateLimiter implements RateLimiter {
  private readonly groups: Record<RateLimitBucket, Bottleneck.Group>;
  private readonly limits: Record<RateLimitBucket, number>;
  private readonly windowMs: number;
  private readonly decisionTimeoutMs: number;
  private readonly redis: Redis | undefined;
  private readonly connection: Bottleneck.IORedisConnection | undefined;
  private readonly onError: ((error: unknown) => void) | undefined;
  private lastErrorReport = 0;

  constructor(options: BottleneckRateLimiterOptions) {
    this.onError = options.onError;
    this.windowMs = options.windowMs ?? 60_000;
    this.decisionTimeoutMs = options.decisionTimeoutMs ?? 1_000;
    this.limits = { requests: options.requestsPerMinute, uploads: options.uploadsPerMinute };
    if (options.redisUrl !== undefined) {
      // ioredis retries a command up to 20 times by default; a rate-limit check must rather fail fast.
      this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
      this.redis.on('error', (error: unknown) => this.report(error));
      this.connection = new Bottleneck.IORedisConnection({ client: this.redis, Redis });
      this.connection.on('error', (error: unknown) => this.report(error));
    }
    const prefix = options.keyPrefix ?? 'synesthesie-media';
    this.groups = {
      requests: this.group(`${prefix}:requests:${this.limits.requests}:${this.windowMs}`, this.limits.requests),
      uploads: this.group(`${prefix}:uploads:${this.limits.uploads}:${this.windowMs}`, this.limits.uploads),
    };
  }

  async consume(bucket: RateLimitBucket, userKey: string, cost = 1): Promise<RateLimitDecision> {
    if (cost <= 0) return { allowed: true };
    const windowSeconds = Math.ceil(this.windowMs / 1000);
    if (cost > this.limits[bucket]) return { allowed: false, retryAfterSeconds: windowSeconds };
    if (this.redis !== undefined && this.redis.status !== 'ready') {
      this.report(new Error(`rate-limit store not ready (${this.redis.status})`));
      return { allowed: true };
    }
    const limiterId = this.limiterId(bucket, userKey);
    const limiter = this.groups[bucket].key(limiterId.key);
    const decision = await this.decide(limiter, cost);
    if (decision === 'unknown') return { allowed: true };
    if (decision.allowed) return decision;
    return { allowed: false, retryAfterSeconds: await this.retryAfterSeconds(limiter, limiterId.full) };
  }

  /** Resolves true once the shared store is connected (at once without Redis), false if not within `timeoutMs`. */
  ready(timeoutMs = 5_000): Promise<boolean> {
    const redis = this.redis;
    if (redis === undefined || redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      redis.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    for (const group of Object.values(this.groups)) {
      for (const { limiter } of group.limiters()) await Promise.resolve(limiter.disconnect(false)).catch(() => undefined);
      // Group.disconnect leaves the Group's own clean-up timer running.
      clearInterval((group as unknown as { interval?: NodeJS.Timeout }).interval);
    }
    if (this.connection !== undefined) {
      await Promise.race([this.connection.disconnect(true).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      this.redis?.disconnect();
    }
  }

  private group(id: string, limit: number): Bottleneck.Group {
    return new Bottleneck.Group({
      id,
      reservoir: limit,
      reservoirRefreshAmount: limit,
      reservoirRefreshInterval: this.windowMs,
      // An idle user's limiter may be forgotten once its window has certainly been refilled.
      timeout: Math.max(5 * 60_000, 2 * this.windowMs),
      ...(this.connection === undefined ? {} : { datastore: 'ioredis', connection: this.connection }),
    });
  }

  /** Hashed so that a subject of any length or alphabet makes a bounded key, and no raw `sub` sits in Redis. */
  private limiterId(bucket: RateLimitBucket, userKey: string): { key: string; full: string } {
    const key = createHash('sha256').update(userKey).digest('base64url').slice(0, 22);
    return { key, full: `${this.groups[bucket].id}-${key}` };
  }

  /**
   * Takes `cost` from the user's reservoir in one atomic step (a Lua script with Redis) and gives it back
   * when that leaves the reservoir negative, so a denied request costs nothing. Scheduling a job instead
   * (highWater 0, OVERFLOW) dropped any job that waited a tick behind another: concurrent requests of one
   * user, such as a page loading its lists in parallel, got 429 with budget to spare.
   */
  private async decide(limiter: Bottleneck, cost: number): Promise<Decision> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.decisionTimeoutMs);
    });
    try {
      const left = await Promise.race([limiter.incrementReservoir(-cost), timeout]);
      if (left === 'timeout') {
        this.report(new Error('rate-limit decision timed out'));
        return 'unknown';
      }
      if (typeof left !== 'number') return 'unknown';
      if (left >= 0) return { allowed: true };
      await limiter.incrementReservoir(cost);
      return { allowed: false, retryAfterSeconds: 1 };
    } catch (error) {
      this.report(error);
      return 'unknown';
    } finally {
      clearTimeout(timer);
    }
  }

  /** Seconds until this user's reservoir is refilled, read from where Bottleneck keeps its last refresh. */
  private async retryAfterSeconds(limiter: Bottleneck, limiterId: string): Promise<number> {
    const windowSeconds = Math.ceil(this.windowMs / 1000);
    let remainingMs = this.windowMs;
    try {
      if (this.redis === undefined) {
        const store = (limiter as unknown as { _store?: { _lastReservoirRefresh?: unknown } })._store;
        const last = store?._lastReservoirRefresh;
        if (typeof last === 'number') remainingMs = last + this.windowMs - Date.now();
      } else {
        const reply = (await this.redis.eval(
          // Redis' own clock: the one Bottleneck's scripts refresh the reservoir by.
          "local t = redis.call('time') return {t[1] * 1000 + math.floor(t[2] / 1000), redis.call('hget', KEYS[1], 'lastReservoirRefresh')}",
          1,
          `b_${limiterId}_settings`,
        )) as [number, string | null];
        const last = Number(reply[1]);
        if (reply[1] !== null && Number.isFinite(last)) remainingMs = last + this.windowMs - Number(reply[0]);
      }
    } catch (error) {
      this.report(error);
    }
    return Math.min(windowSeconds, Math.max(1, Math.ceil(remainingMs / 1000)));
  }

  private report(error: unknown): void {
    const now = Date.now();
    if (this.onError === undefined || now - this.lastErrorReport < ERROR_REPORT_INTERVAL_MS) return;
    this.lastErrorReport = now;
    this.onError(error);
  }
}
