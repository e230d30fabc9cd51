import type { DeletionQueue, QueuedDeletion } from '../../application/ports/deletion-queue.port.ts';

/**
 * The deletion queue in memory, for use-case tests: the same semantics as the `object_deletions` table
 * (entries drained least-tried first, then oldest; failures counted; entries taken by one drain are not
 * offered to another drain running at the same time), checked by the same contract suite.
 */
export class MemoryDeletionQueue implements DeletionQueue {
  private readonly entries = new Map<string, QueuedDeletion>();
  private readonly taken = new Set<string>();
  private nextId = 1;

  async enqueue(keys: string[], at: Date): Promise<void> {
    this.add(keys, at);
  }

  /** Synchronous, so that a repository can enqueue in the same step as it removes rows (one "transaction"). */
  add(keys: string[], at: Date): void {
    for (const key of keys) {
      const id = String(this.nextId++);
      this.entries.set(id, { id, key, attempts: 0, enqueuedAt: new Date(at) });
    }
  }

  async drain(limit: number, work: (entries: QueuedDeletion[]) => Promise<{ done: string[]; failed: string[] }>): Promise<number> {
    if (limit <= 0) return 0;
    const batch = [...this.entries.values()]
      .filter((e) => !this.taken.has(e.id))
      .sort((a, b) => a.attempts - b.attempts || a.enqueuedAt.getTime() - b.enqueuedAt.getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit);
    if (batch.length === 0) return 0;
    for (const e of batch) this.taken.add(e.id);
    try {
      const { done, failed } = await work(batch.map((e) => ({ ...e, enqueuedAt: new Date(e.enqueuedAt) })));
      let removed = 0;
      for (const e of batch) {
        if (done.includes(e.key)) {
          if (this.entries.delete(e.id)) removed += 1;
        } else if (failed.includes(e.key)) {
          e.attempts += 1;
        }
      }
      return removed;
    } catch (error) {
      for (const e of batch) e.attempts += 1;
      throw error;
    } finally {
      for (const e of batch) this.taken.delete(e.id);
    }
  }

  async remove(keys: string[]): Promise<void> {
    for (const [id, e] of this.entries) if (keys.includes(e.key) && !this.taken.has(id)) this.entries.delete(id);
  }

  async size(): Promise<number> {
    return this.entries.size;
  }
}
