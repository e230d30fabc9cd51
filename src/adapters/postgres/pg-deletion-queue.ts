import type pg from 'pg';
import { z } from 'zod';
import type { DeletionQueue, QueuedDeletion } from '../../application/ports/deletion-queue.port.ts';
import { unexpectedRow } from '../../domain/errors/common.errors.ts';
import type { PgTables } from './pg-tables.ts';
import { runQuery } from './run-query.ts';
import { withTransaction } from './with-transaction.ts';

const entryRow = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  key: z.string(),
  attempts: z.number().int().nonnegative(),
  enqueued_at: z.date(),
});

const decodeEntry = (row: unknown): QueuedDeletion => {
  const parsed = entryRow.safeParse(row);
  if (!parsed.success) throw unexpectedRow('object_deletions', parsed.error);
  const r = parsed.data;
  return { id: r.id, key: r.key, attempts: r.attempts, enqueuedAt: r.enqueued_at };
};

const FAILED = 'object store delete failed';
const ERROR_TEXT_LIMIT = 500;

/**
 * The `object_deletions` table.
 *
 * `drain` keeps its transaction, and so its pooled connection, open while `work` runs. `work` must
 * therefore never touch the database (it only deletes objects from the store): with the embedded PGlite
 * the pool has a single connection, and a `work` that queried would wait forever for it.
 */
export class PgDeletionQueue implements DeletionQueue {
  private readonly pool: pg.Pool;
  private readonly t: PgTables;

  constructor(pool: pg.Pool, tables: PgTables) {
    this.pool = pool;
    this.t = tables;
  }

  async enqueue(keys: string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await runQuery(this.pool, `INSERT INTO ${this.t.objectDeletions} (key, enqueued_at) SELECT unnest($1::text[]), $2`, [keys, at]);
  }

  async drain(limit: number, work: (entries: QueuedDeletion[]) => Promise<{ done: string[]; failed: string[] }>): Promise<number> {
    if (limit <= 0) return 0;
    let workError: unknown;
    const removed = await withTransaction(this.pool, async (client) => {
      // Least-tried first, so a key that keeps failing cannot starve those queued behind it.
      const rows = await runQuery(
        client,
        `SELECT id, key, attempts, enqueued_at FROM ${this.t.objectDeletions}
         ORDER BY attempts, enqueued_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const entries = rows.map(decodeEntry);
      if (entries.length === 0) return 0;
      const ids = entries.map((e) => e.id);
      let outcome: { done: string[]; failed: string[] };
      try {
        outcome = await work(entries);
      } catch (error) {
        workError = error;
        const message = error instanceof Error ? error.message : FAILED;
        await runQuery(client, `UPDATE ${this.t.objectDeletions} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          ids,
          message.slice(0, ERROR_TEXT_LIMIT),
        ]);
        return 0;
      }
      if (outcome.failed.length > 0) {
        await runQuery(
          client,
          `UPDATE ${this.t.objectDeletions} SET attempts = attempts + 1, last_error = $3
           WHERE id = ANY($1::bigint[]) AND key = ANY($2::text[])`,
          [ids, outcome.failed, FAILED],
        );
      }
      if (outcome.done.length === 0) return 0;
      const deleted = await runQuery(client, `DELETE FROM ${this.t.objectDeletions} WHERE id = ANY($1::bigint[]) AND key = ANY($2::text[]) RETURNING id`, [
        ids,
        outcome.done,
      ]);
      return deleted.length;
    });
    if (workError !== undefined) throw workError;
    return removed;
  }

  /** Entries a drainer holds are skipped, not waited for: that drainer is deleting those objects already. */
  async remove(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await runQuery(
      this.pool,
      `DELETE FROM ${this.t.objectDeletions} WHERE id IN (
         SELECT id FROM ${this.t.objectDeletions} WHERE key = ANY($1::text[]) FOR UPDATE SKIP LOCKED)`,
      [keys],
    );
  }

  async size(): Promise<number> {
    const rows = await runQuery(this.pool, `SELECT count(*) AS n FROM ${this.t.objectDeletions}`);
    return z.object({ n: z.number() }).parse(rows[0]).n;
  }
}
