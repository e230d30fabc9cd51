export interface QueuedDeletion {
  id: string;
  key: string;
  attempts: number;
  enqueuedAt: Date;
}

/**
 * Object keys whose rows are gone and whose objects must be deleted (the `object_deletions` table).
 * Entries are written in the same transaction that removes the rows; the objects are deleted after commit,
 * and whatever fails stays queued for the sweeper.
 */
export interface DeletionQueue {
  enqueue(keys: string[], at: Date): Promise<void>;
  /**
   * Runs `work` with up to `limit` entries locked for this caller (FOR UPDATE SKIP LOCKED, so several
   * instances can drain at once). Entries whose keys `work` returns as done are removed; the others get
   * their attempt count raised. Returns how many were removed.
   */
  drain(limit: number, work: (entries: QueuedDeletion[]) => Promise<{ done: string[]; failed: string[] }>): Promise<number>;
  /** Removes the given entries (used right after commit by the request that enqueued them). */
  remove(keys: string[]): Promise<void>;
  size(): Promise<number>;
}
