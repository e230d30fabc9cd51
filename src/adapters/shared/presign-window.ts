import type { PresignedUrl } from '../../application/ports/object-types.ts';
import { invalidPresignTtl } from '../../domain/errors/storage.errors.ts';

export interface PresignSlot {
  /** Start of the current window: the signing time of every URL issued in it. */
  signedAt: Date;
  /** Seconds from `signedAt` to expiry: ttl + window, capped. */
  expiresInSeconds: number;
  expiresAt: Date;
}

export interface PresignWindowOptions {
  /** Bound of the memo (least recently used entries go first). */
  maxEntries?: number;
  /** Hard cap on a URL's lifetime from its signing time (S3: 7 days). */
  maxExpiresInSeconds?: number;
  now?: () => Date;
}

export interface PresignStats {
  hits: number;
  misses: number;
  size: number;
}

/**
 * Signs against a time window so that the same object and options yield the identical URL for a
 * while (browsers and CDNs can cache what it points at), and memoises those URLs.
 * Window W = clamp(floor(ttl / 4), 60, 3600) s; a URL signed at the window start expires
 * ttl + W later, so whoever receives it has at least ttl and at most ttl + W left.
 */
export class PresignWindow {
  private readonly memo = new Map<string, PresignedUrl>();
  private readonly maxEntries: number;
  private readonly maxExpiresIn: number;
  private readonly now: () => Date;
  private hits = 0;
  private misses = 0;

  constructor(options: PresignWindowOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxExpiresIn = options.maxExpiresInSeconds ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? (() => new Date());
  }

  slot(ttlSeconds: number): PresignSlot {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
      throw invalidPresignTtl();
    }
    const window = Math.min(3600, Math.max(60, Math.floor(ttlSeconds / 4)));
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const start = Math.floor(nowSeconds / window) * window;
    const expiresInSeconds = Math.min(ttlSeconds + window, this.maxExpiresIn);
    return {
      signedAt: new Date(start * 1000),
      expiresInSeconds,
      expiresAt: new Date((start + expiresInSeconds) * 1000),
    };
  }

  async presign(cacheKey: string, ttlSeconds: number, sign: (slot: PresignSlot) => string | Promise<string>): Promise<PresignedUrl> {
    const slot = this.slot(ttlSeconds);
    const memoKey = `${ttlSeconds}\u0000${slot.signedAt.getTime()}\u0000${cacheKey}`;
    const known = this.memo.get(memoKey);
    if (known) {
      this.hits += 1;
      this.memo.delete(memoKey);
      this.memo.set(memoKey, known);
      return { ...known };
    }
    this.misses += 1;
    const fresh: PresignedUrl = { url: await sign(slot), expiresAt: slot.expiresAt };
    this.memo.set(memoKey, fresh);
    if (this.memo.size > this.maxEntries) {
      const oldest = this.memo.keys().next();
      if (!oldest.done) this.memo.delete(oldest.value);
    }
    return { ...fresh };
  }

  stats(): PresignStats {
    return { hits: this.hits, misses: this.misses, size: this.memo.size };
  }
}
