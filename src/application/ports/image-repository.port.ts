import type { Image, ImageStatus, Visibility } from '../../domain/image.ts';

export type NewImage = Omit<Image, 'status' | 'width' | 'height' | 'updatedAt'>;

export interface ImageCursor {
  createdAt: Date;
  id: string;
}

export interface ImageListQuery {
  visibility?: Visibility;
  statuses: ImageStatus[];
  /** Keyset: items strictly older than this (createdAt desc, id desc). */
  after?: ImageCursor;
  limit: number;
}

export interface ImagePatch {
  title?: string | null;
  description?: string | null;
  visibility?: Visibility;
}

export type InsertPendingResult = { inserted: true; image: Image } | { inserted: false; existing: Image };

export interface ImageRepository {
  /**
   * Inserts a `pending` row. If an image with the same sha256 already exists (any status),
   * nothing is inserted and the existing one is returned (deduplication, race-free via a unique index).
   */
  insertPending(image: NewImage): Promise<InsertPendingResult>;
  /** pending -> ready with the rotated dimensions; returns null if the row is gone. */
  markReady(id: string, dims: { width: number; height: number }, at: Date): Promise<Image | null>;
  findById(id: string): Promise<Image | null>;
  /** One SQL query per page, newest first. */
  list(query: ImageListQuery): Promise<Image[]>;
  update(id: string, patch: ImagePatch, at: Date): Promise<Image | null>;
  /**
   * In one transaction: deletes the row and enqueues `objectKeys` in the deletion queue.
   * Returns false if no such row existed (nothing enqueued).
   */
  deleteAndEnqueue(id: string, objectKeys: string[], at: Date): Promise<boolean>;
  /** `pending` rows created before `olderThan` (crashed or failed uploads), oldest first. */
  findStalePending(olderThan: Date, limit: number): Promise<Image[]>;
  /** Of the given ids, those that have a row (any status): lets the sweeper tell orphans from live objects. */
  existingIds(ids: string[]): Promise<Set<string>>;
}
