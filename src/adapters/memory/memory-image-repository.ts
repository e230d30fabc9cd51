import type { ImageListQuery, ImagePatch, ImageRepository, InsertPendingResult, NewImage } from '../../application/ports/image-repository.port.ts';
import type { Image } from '../../domain/image.ts';
import type { MemoryDeletionQueue } from './memory-deletion-queue.ts';
import { isUuid } from '../../domain/ids.ts';

/** Newest first, ties by id descending: the order of the (created_at DESC, id DESC) index. */
const newestFirst = (a: Image, b: Image): number => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const copy = (image: Image): Image => ({ ...image, createdAt: new Date(image.createdAt), updatedAt: new Date(image.updatedAt) });

/**
 * Images in memory, for use-case tests that run in milliseconds. Each method does all its work in one
 * synchronous step, which is what the PostgreSQL adapter's transactions guarantee; the shared contract
 * suite (test/contract/image-repository.contract.ts) holds both to the same behaviour.
 */
export class MemoryImageRepository implements ImageRepository {
  private readonly rows = new Map<string, Image>();
  private readonly queue: MemoryDeletionQueue;

  constructor(queue: MemoryDeletionQueue) {
    this.queue = queue;
  }

  async insertPending(image: NewImage): Promise<InsertPendingResult> {
    const existing = [...this.rows.values()].find((row) => row.sha256 === image.sha256);
    if (existing) return { inserted: false, existing: copy(existing) };
    const row: Image = { ...image, status: 'pending', width: 0, height: 0, createdAt: new Date(image.createdAt), updatedAt: new Date(image.createdAt) };
    this.rows.set(image.id.toLowerCase(), row);
    return { inserted: true, image: copy(row) };
  }

  async markReady(id: string, dims: { width: number; height: number }, at: Date): Promise<Image | null> {
    const row = this.row(id);
    if (!row) return null;
    Object.assign(row, { status: 'ready', width: dims.width, height: dims.height, updatedAt: new Date(at) });
    return copy(row);
  }

  async findById(id: string): Promise<Image | null> {
    const row = this.row(id);
    return row ? copy(row) : null;
  }

  async list(query: ImageListQuery): Promise<Image[]> {
    if (query.statuses.length === 0 || query.limit <= 0) return [];
    const after = query.after;
    return [...this.rows.values()]
      .filter((row) => query.statuses.includes(row.status))
      .filter((row) => query.visibility === undefined || row.visibility === query.visibility)
      .filter((row) => after === undefined || newestFirst(row, { ...row, createdAt: after.createdAt, id: after.id }) > 0)
      .sort(newestFirst)
      .slice(0, query.limit)
      .map(copy);
  }

  async update(id: string, patch: ImagePatch, at: Date): Promise<Image | null> {
    const row = this.row(id);
    if (!row) return null;
    // Every field the patch sets, whatever fields ImagePatch has: the SQL adapter's column map is typed to all of them.
    for (const field of Object.keys(patch) as Array<keyof ImagePatch>) {
      if (patch[field] !== undefined) Object.assign(row, { [field]: patch[field] });
    }
    row.updatedAt = new Date(at);
    return copy(row);
  }

  async deleteAndEnqueue(id: string, objectKeys: string[], at: Date): Promise<boolean> {
    if (!this.row(id)) return false;
    this.rows.delete(id.toLowerCase());
    this.queue.add(objectKeys, at);
    return true;
  }

  async findStalePending(olderThan: Date, limit: number): Promise<Image[]> {
    return [...this.rows.values()]
      .filter((row) => row.status === 'pending' && row.createdAt < olderThan)
      .sort((a, b) => -newestFirst(a, b))
      .slice(0, limit)
      .map(copy);
  }

  async existingIds(ids: string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => isUuid(id) && this.rows.has(id.toLowerCase())).map((id) => id.toLowerCase()));
  }

  private row(id: string): Image | undefined {
    return isUuid(id) ? this.rows.get(id.toLowerCase()) : undefined;
  }
}
