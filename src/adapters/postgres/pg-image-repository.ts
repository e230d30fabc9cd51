import type pg from 'pg';
import type { ImageListQuery, ImagePatch, ImageRepository, InsertPendingResult, NewImage } from '../../application/ports/image-repository.port.ts';
import { sameContentChangedConcurrently } from '../../domain/errors/images.errors.ts';
import type { Image, ImageStatus } from '../../domain/image.ts';
import { IMAGE_COLUMNS, decodeImageRow } from './image-row.ts';
import type { PgTables } from './pg-tables.ts';
import { runQuery } from './run-query.ts';
import { withTransaction } from './with-transaction.ts';
import { updateStatement } from './update-statement.ts';
import { isUuid } from '../../domain/ids.ts';

const PATCHABLE = { title: 'title', description: 'description', visibility: 'visibility' } as const;

/** Asking for every status is no condition at all, which lets the plain keyset index serve. */
const ALL_STATUSES: readonly ImageStatus[] = ['pending', 'ready'];

/** A dedup race can meet a row that is deleted before it is read back; a few retries settle it. */
const INSERT_ATTEMPTS = 3;

export class PgImageRepository implements ImageRepository {
  private readonly pool: pg.Pool;
  private readonly t: PgTables;

  constructor(pool: pg.Pool, tables: PgTables) {
    this.pool = pool;
    this.t = tables;
  }

  async insertPending(image: NewImage): Promise<InsertPendingResult> {
    for (let attempt = 0; attempt < INSERT_ATTEMPTS; attempt++) {
      const inserted = await runQuery(
        this.pool,
        `INSERT INTO ${this.t.images} (id, status, visibility, title, description, original_filename, original_content_type,
                             byte_size, sha256, width, height, uploaded_by, created_at, updated_at)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, 0, 0, $9, $10, $10)
         ON CONFLICT (sha256) DO NOTHING
         RETURNING ${IMAGE_COLUMNS}`,
        [
          image.id,
          image.visibility,
          image.title,
          image.description,
          image.originalFilename,
          image.originalContentType,
          image.byteSize,
          image.sha256,
          image.uploadedBy,
          image.createdAt,
        ],
      );
      if (inserted[0] !== undefined) return { inserted: true, image: decodeImageRow(inserted[0]) };
      const existing = await runQuery(this.pool, `SELECT ${IMAGE_COLUMNS} FROM ${this.t.images} WHERE sha256 = $1`, [image.sha256]);
      if (existing[0] !== undefined) return { inserted: false, existing: decodeImageRow(existing[0]) };
    }
    throw sameContentChangedConcurrently();
  }

  async markReady(id: string, dims: { width: number; height: number }, at: Date): Promise<Image | null> {
    if (!isUuid(id)) return null;
    const rows = await runQuery(
      this.pool,
      `UPDATE ${this.t.images} SET status = 'ready', width = $2, height = $3, updated_at = $4
       WHERE id = $1 RETURNING ${IMAGE_COLUMNS}`,
      [id, dims.width, dims.height, at],
    );
    return rows[0] === undefined ? null : decodeImageRow(rows[0]);
  }

  async findById(id: string): Promise<Image | null> {
    if (!isUuid(id)) return null;
    const rows = await runQuery(this.pool, `SELECT ${IMAGE_COLUMNS} FROM ${this.t.images} WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : decodeImageRow(rows[0]);
  }

  /**
   * Conditions are only added when they filter something, and a single status is compared with `=`, so that
   * the planner can match the partial index of the member gallery (public + ready) and the keyset indexes.
   */
  async list(query: ImageListQuery): Promise<Image[]> {
    if (query.statuses.length === 0 || query.limit <= 0) return [];
    const values: unknown[] = [];
    const param = (value: unknown): string => `$${values.push(value)}`;
    const where: string[] = [];
    if (query.visibility !== undefined) where.push(`visibility = ${param(query.visibility)}`);
    const statuses = [...new Set(query.statuses)];
    if (statuses.length === 1) where.push(`status = ${param(statuses[0])}`);
    else if (statuses.length < ALL_STATUSES.length) where.push(`status = ANY(${param(statuses)}::text[])`);
    if (query.after !== undefined) {
      where.push(`(created_at, id) < (${param(query.after.createdAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
    }
    const rows = await runQuery(
      this.pool,
      `SELECT ${IMAGE_COLUMNS} FROM ${this.t.images} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${param(query.limit)}`,
      values,
    );
    return rows.map(decodeImageRow);
  }

  async update(id: string, patch: ImagePatch, at: Date): Promise<Image | null> {
    if (!isUuid(id)) return null;
    const { text, values } = updateStatement(this.t.images, PATCHABLE, IMAGE_COLUMNS, id, patch, at);
    const rows = await runQuery(this.pool, text, values);
    return rows[0] === undefined ? null : decodeImageRow(rows[0]);
  }

  async deleteAndEnqueue(id: string, objectKeys: string[], at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    return withTransaction(this.pool, async (client) => {
      const deleted = await runQuery(client, `DELETE FROM ${this.t.images} WHERE id = $1 RETURNING id`, [id]);
      if (deleted.length === 0) return false;
      if (objectKeys.length > 0) {
        await runQuery(client, `INSERT INTO ${this.t.objectDeletions} (key, enqueued_at) SELECT unnest($1::text[]), $2`, [objectKeys, at]);
      }
      return true;
    });
  }

  async findStalePending(olderThan: Date, limit: number): Promise<Image[]> {
    const rows = await runQuery(
      this.pool,
      `SELECT ${IMAGE_COLUMNS} FROM ${this.t.images} WHERE status = 'pending' AND created_at < $1
       ORDER BY created_at, id LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map(decodeImageRow);
  }

  async existingIds(ids: string[]): Promise<Set<string>> {
    const candidates = [...new Set(ids.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
    if (candidates.length === 0) return new Set();
    const rows = await runQuery(this.pool, `SELECT id FROM ${this.t.images} WHERE id = ANY($1::uuid[])`, [candidates]);
    return new Set(rows.map((row) => String((row as { id: unknown }).id)));
  }
}
