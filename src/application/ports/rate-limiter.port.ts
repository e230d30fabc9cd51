/** `requests`: calls to `/v1/**` per user; `uploads`: files accepted per admin across every upload route. */
export type RateLimitBucket = 'requests' | 'uploads';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-user budgets refilled every minute. Callers charge before doing the work. */
export interface RateLimiter {
  /**
   * Takes `cost` units (default 1) from the user's budget in `bucket`.
   * A cost larger than a whole minute's budget is never allowed.
   */
  consume(bucket: RateLimitBucket, userKey: string, cost?: number): Promise<RateLimitDecision>;
}
