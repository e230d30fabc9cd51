/**
 * One kind of stored object the sweeper checks: images under `images/`, tracks under `tracks/`.
 * Keys that do not parse to an ID (`idOf` returns null) are not ours and are treated as orphans.
 */
export interface OrphanSource {
  prefix: string;
  idOf(key: string): string | null;
  existingIds(ids: string[]): Promise<Set<string>>;
  /** Removes this kind's unfinished uploads older than the cutoff (rows, multipart uploads). */
  removeStale?(cutoff: Date): Promise<{ rows: number; multipartAborted: number }>;
}
