import type { Clock } from '../../ports/clock.port.ts';
import type { DeletionQueue } from '../../ports/deletion-queue.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';
import type { StoreMaintenance } from '../../ports/store-maintenance.port.ts';
import type { OrphanSource } from './orphan-source.ts';

export interface SweepReport {
  queueDeleted: number;
  stalePendingRemoved: number;
  orphanObjectsDeleted: number;
  multipartAborted: number;
  partialWritesRemoved: number;
}

export interface SweepOrphansDeps {
  store: ObjectStorage & StoreMaintenance;
  queue: DeletionQueue;
  /**
   * Per key prefix (one per feature that is on), how to tell which stored objects still have a row. The
   * sweeper touches nothing under a prefix without a source: a feature that is off keeps its data as it is.
   */
  sources: OrphanSource[];
  clock: Clock;
  log: Logger;
  graceSeconds: number;
  /** Deletion-queue entries taken per transaction (default 500). */
  batchSize?: number;
  /** Keys listed per store page while looking for orphans (default 1000, S3's largest page). */
  listPageSize?: number;
}

/**
 * Makes the store agree with the database (the source of truth): drains the deletion queue, removes
 * uploads that never became ready, and deletes objects no row references once they are older than the
 * grace period (younger ones may belong to an upload in flight). Safe on several instances at once:
 * the queue is drained with SKIP LOCKED and every deletion is idempotent.
 */
export class SweepOrphans {
  constructor(private readonly deps: SweepOrphansDeps) {}

  async execute(): Promise<SweepReport> {
    const { deps } = this;
    const cutoff = new Date(deps.clock.now().getTime() - deps.graceSeconds * 1000);
    const report: SweepReport = {
      queueDeleted: 0,
      stalePendingRemoved: 0,
      orphanObjectsDeleted: 0,
      multipartAborted: 0,
      partialWritesRemoved: 0,
    };

    for (const source of deps.sources) {
      const stale = await source.removeStale?.(cutoff);
      if (stale) report.stalePendingRemoved += stale.rows;
      if (stale) report.multipartAborted += stale.multipartAborted;
    }
    report.queueDeleted = await this.drainQueue();
    report.partialWritesRemoved = await deps.store.purgeIncomplete(cutoff);

    for (const source of deps.sources) report.orphanObjectsDeleted += await this.deleteOrphans(source, cutoff);

    if (Object.values(report).some((n) => n > 0)) deps.log.info({ ...report }, 'sweep finished');
    return report;
  }

  private async drainQueue(): Promise<number> {
    const { store, queue } = this.deps;
    const batch = this.deps.batchSize ?? 500;
    let total = 0;
    for (;;) {
      const removed = await queue.drain(batch, async (entries) => {
        const keys = [...new Set(entries.map((e) => e.key))];
        try {
          await store.delete(keys);
          return { done: keys, failed: [] };
        } catch (error) {
          this.deps.log.warn({ keys: keys.length, err: String(error) }, 'queued deletions failed; will retry');
          return { done: [], failed: keys };
        }
      });
      total += removed;
      if (removed < batch) return total;
    }
  }

  private async deleteOrphans(source: OrphanSource, cutoff: Date): Promise<number> {
    const { store } = this.deps;
    let cursor: string | null = null;
    let deleted = 0;
    do {
      const page = await store.list(source.prefix, cursor, this.deps.listPageSize ?? 1000);
      cursor = page.nextCursor;
      const old = page.items.filter((o) => o.lastModified < cutoff);
      const byId = new Map<string, string[]>();
      for (const o of old) {
        const id = source.idOf(o.key);
        if (id === null) {
          byId.set(`\u0000${o.key}`, [o.key]);
          continue;
        }
        byId.set(id, [...(byId.get(id) ?? []), o.key]);
      }
      const ids = [...byId.keys()].filter((k) => !k.startsWith('\u0000'));
      const live = ids.length > 0 ? await source.existingIds(ids) : new Set<string>();
      const orphanKeys = [...byId.entries()].filter(([id]) => !live.has(id)).flatMap(([, keys]) => keys);
      if (orphanKeys.length > 0) {
        await store.delete(orphanKeys);
        deleted += orphanKeys.length;
        this.deps.log.warn({ prefix: source.prefix, count: orphanKeys.length }, 'orphaned objects deleted');
      }
    } while (cursor);
    return deleted;
  }
}
