import type { ApiClient } from './api-client.ts';
import { CliError } from './cli-error.ts';

interface Signed {
  url: string;
  expiresAt: number;
}

/** Signing ahead saves round trips; not too far ahead, or URLs expire before their part's turn on a slow link. */
const BATCH = 16;
const FRESH_FOR_MS = 60_000;

/**
 * Presigned part URLs, asked for in small batches as the workers need them and asked for again when
 * they are close to expiry or the store refused one. Concurrent workers share one request per batch.
 */
export class PartSigner {
  readonly #client: ApiClient;
  readonly #uploadPath: string;
  readonly #upcoming: () => number[];
  readonly #cache = new Map<number, Signed>();
  readonly #inflight = new Map<number, Promise<void>>();

  constructor(client: ApiClient, uploadId: string, upcoming: () => number[]) {
    this.#client = client;
    this.#uploadPath = `/v1/admin/uploads/${encodeURIComponent(uploadId)}/parts`;
    this.#upcoming = upcoming;
  }

  async url(partNumber: number): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const hit = this.#fresh(partNumber);
      if (hit) return hit.url;
      const pending = this.#inflight.get(partNumber);
      if (pending) {
        await pending;
        continue;
      }
      const batch = [partNumber, ...this.#upcoming().filter((n) => n !== partNumber && !this.#fresh(n) && !this.#inflight.has(n))].slice(0, BATCH);
      const request = this.#sign(batch);
      for (const n of batch) this.#inflight.set(n, request);
      try {
        await request;
      } finally {
        for (const n of batch) this.#inflight.delete(n);
      }
    }
    throw new CliError(`the service signed no URL for part ${partNumber}`);
  }

  invalidate(partNumber: number): void {
    this.#cache.delete(partNumber);
  }

  #fresh(partNumber: number): Signed | undefined {
    const hit = this.#cache.get(partNumber);
    return hit && hit.expiresAt - Date.now() > FRESH_FOR_MS ? hit : undefined;
  }

  async #sign(partNumbers: number[]): Promise<void> {
    const answer = await this.#client.post<{ parts: Array<{ partNumber: number; url: string; expiresAt: string }> }>(this.#uploadPath, { partNumbers });
    for (const part of answer.parts) this.#cache.set(part.partNumber, { url: part.url, expiresAt: Date.parse(part.expiresAt) });
  }
}
