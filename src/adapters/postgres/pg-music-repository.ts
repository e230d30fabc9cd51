import type pg from 'pg';
import type {
  MusicRepository,
  MusicSetListQuery,
  MusicSetPatch,
  NewMusicSet,
  NewTrack,
  OpenUploadQuota,
  ReadyTrackInfo,
  TrackPatch,
} from '../../application/ports/music-repository.port.ts';
import type { Visibility } from '../../domain/image.ts';
import type { MusicSet, MusicSetWithTracks, Track, TrackStatus, UploadSession } from '../../domain/music.ts';
import { trackKey } from '../../domain/object-keys.ts';
import { isUuid } from '../../domain/ids.ts';
import {
  SESSION_COLUMNS,
  SET_COLUMNS,
  TRACK_COLUMNS,
  T_TRACK_COLUMNS,
  decodeSessionRow,
  decodeSetRow,
  decodeSetWithTracksRow,
  decodeTrackRow,
  decodeTrackWithSetRow,
} from './music-rows.ts';
import { setsWithTracksSql } from './music-set-query.ts';
import type { PgTables } from './pg-tables.ts';
import { runQuery } from './run-query.ts';
import { closeGap, lockSet, lockTrackAndSet, moveTrack } from './track-positions.ts';
import { withTransaction } from './with-transaction.ts';
import { updateStatement } from './update-statement.ts';

const SET_PATCHABLE = { title: 'title', description: 'description', visibility: 'visibility' } as const;

const enqueue = async (client: pg.PoolClient, t: PgTables, keys: string[], at: Date): Promise<void> => {
  if (keys.length === 0) return;
  await runQuery(client, `INSERT INTO ${t.objectDeletions} (key, enqueued_at) SELECT unnest($1::text[]), $2`, [keys, at]);
};

const deleteSessionsOf = async (client: pg.PoolClient, t: PgTables, trackIds: string[]): Promise<UploadSession[]> => {
  const rows = await runQuery(
    client,
    `DELETE FROM ${t.uploadSessions} us USING ${t.tracks} t
     WHERE t.id = us.track_id AND us.track_id = ANY($1::uuid[]) RETURNING ${SESSION_COLUMNS}`,
    [trackIds],
  );
  return rows.map(decodeSessionRow);
};

/**
 * Whether one more session of its creator stays within the quota. The advisory lock (per creator, until commit)
 * makes concurrent starts of one admin count one after the other, so together they cannot pass it.
 */
const withinQuota = async (client: pg.PoolClient, t: PgTables, session: Omit<UploadSession, 'trackId' | 'setId'>, quota: OpenUploadQuota): Promise<boolean> => {
  // Keyed by schema and admin: the database may be shared with a host that takes advisory locks of its own.
  await runQuery(client, `SELECT pg_advisory_xact_lock(hashtext('synesthesie-media:' || $1 || ':upload-quota:' || $2))`, [t.schema, session.createdBy]);
  const rows = await runQuery(
    client,
    `SELECT count(*)::int AS uploads, coalesce(sum(byte_size), 0)::text AS bytes FROM ${t.uploadSessions} WHERE created_by = $1`,
    [session.createdBy],
  );
  const open = rows[0] as { uploads: number; bytes: string };
  return open.uploads + 1 <= quota.uploads && Number(open.bytes) + session.byteSize <= quota.bytes;
};

export class PgMusicRepository implements MusicRepository {
  private readonly pool: pg.Pool;
  private readonly t: PgTables;

  constructor(pool: pg.Pool, tables: PgTables) {
    this.pool = pool;
    this.t = tables;
  }

  async createSet(set: NewMusicSet): Promise<MusicSet> {
    const rows = await runQuery(
      this.pool,
      `INSERT INTO ${this.t.musicSets} (id, title, description, visibility, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${SET_COLUMNS}`,
      [set.id, set.title, set.description, set.visibility, set.createdBy, set.createdAt],
    );
    return decodeSetRow(rows[0]);
  }

  async findSet(id: string, trackStatuses: TrackStatus[]): Promise<MusicSetWithTracks | null> {
    if (!isUuid(id)) return null;
    const { text, values } = setsWithTracksSql(this.t, { id, trackStatuses, limit: 1 });
    const rows = await runQuery(this.pool, text, values);
    return rows[0] === undefined ? null : decodeSetWithTracksRow(rows[0]);
  }

  async listSets(query: MusicSetListQuery): Promise<MusicSetWithTracks[]> {
    if (query.limit <= 0) return [];
    if (query.after !== undefined && !isUuid(query.after.id)) return [];
    const { text, values } = setsWithTracksSql(this.t, query);
    const rows = await runQuery(this.pool, text, values);
    return rows.map(decodeSetWithTracksRow);
  }

  async updateSet(id: string, patch: MusicSetPatch, at: Date): Promise<MusicSet | null> {
    if (!isUuid(id)) return null;
    const { text, values } = updateStatement(this.t.musicSets, SET_PATCHABLE, SET_COLUMNS, id, patch, at);
    const rows = await runQuery(this.pool, text, values);
    return rows[0] === undefined ? null : decodeSetRow(rows[0]);
  }

  /** Tracks of every status go, each with its object key queued; a track added meanwhile waits on the set lock. */
  async deleteSetAndEnqueue(id: string, at: Date): Promise<{ sessions: UploadSession[] } | null> {
    if (!isUuid(id)) return null;
    return withTransaction(this.pool, async (client) => {
      if (!(await lockSet(client, this.t, id))) return null;
      const locked = await runQuery(client, `SELECT id FROM ${this.t.tracks} WHERE set_id = $1 ORDER BY id FOR UPDATE`, [id]);
      const trackIds = locked.map((row) => String((row as { id: unknown }).id));
      const sessions = await deleteSessionsOf(client, this.t, trackIds);
      await runQuery(client, `DELETE FROM ${this.t.tracks} WHERE set_id = $1`, [id]);
      await enqueue(client, this.t, trackIds.map(trackKey), at);
      await runQuery(client, `DELETE FROM ${this.t.musicSets} WHERE id = $1`, [id]);
      return { sessions };
    });
  }

  insertTrack(track: NewTrack, session?: Omit<UploadSession, 'trackId' | 'setId'>): Promise<Track | null>;
  insertTrack(track: NewTrack, session: Omit<UploadSession, 'trackId' | 'setId'>, quota: OpenUploadQuota): Promise<Track | null | 'quota-exceeded'>;
  async insertTrack(track: NewTrack, session?: Omit<UploadSession, 'trackId' | 'setId'>, quota?: OpenUploadQuota): Promise<Track | null | 'quota-exceeded'> {
    if (!isUuid(track.setId)) return null;
    return withTransaction(this.pool, async (client) => {
      if (!(await lockSet(client, this.t, track.setId))) return null;
      if (session !== undefined && quota !== undefined && !(await withinQuota(client, this.t, session, quota))) return 'quota-exceeded';
      const rows = await runQuery(
        client,
        `INSERT INTO ${this.t.tracks} (id, set_id, position, title, artist, duration_ms, content_type, byte_size,
                             original_filename, sha256, status, uploaded_by, created_at, updated_at)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM ${this.t.tracks} WHERE set_id = $2),
                 $3, $4, $5, $6, $7, $8, $9, 'uploading', $10, $11, $11)
         RETURNING ${TRACK_COLUMNS}`,
        [
          track.id,
          track.setId,
          track.title,
          track.artist,
          track.durationMs ?? null,
          track.contentType,
          track.byteSize,
          track.originalFilename,
          track.sha256,
          track.uploadedBy,
          track.createdAt,
        ],
      );
      if (session !== undefined) {
        await runQuery(
          client,
          `INSERT INTO ${this.t.uploadSessions} (upload_id, track_id, object_key, part_size, part_count, byte_size,
                                        content_type, created_by, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            session.uploadId,
            track.id,
            session.objectKey,
            session.partSize,
            session.partCount,
            session.byteSize,
            session.contentType,
            session.createdBy,
            session.createdAt,
            session.expiresAt,
          ],
        );
      }
      return decodeTrackRow(rows[0]);
    });
  }

  /**
   * Only an `uploading` track becomes ready. One that is already ready is returned unchanged (a retried
   * completion must not look like a vanished track, whose object the caller would then remove); a `deleting`
   * or missing one answers null. Either way the upload session, if any, is gone afterwards.
   */
  async markTrackReady(id: string, info: ReadyTrackInfo, at: Date): Promise<Track | null> {
    if (!isUuid(id)) return null;
    return withTransaction(this.pool, async (client) => {
      const current = await runQuery(client, `SELECT ${TRACK_COLUMNS} FROM ${this.t.tracks} WHERE id = $1 FOR UPDATE`, [id]);
      if (current[0] === undefined) return null;
      let track = decodeTrackRow(current[0]);
      if (track.status === 'uploading') {
        const values: unknown[] = [id, at, info.durationMs, info.contentType, info.byteSize];
        const sets = ["status = 'ready'", 'updated_at = $2', 'duration_ms = $3', 'content_type = $4', 'byte_size = $5'];
        if (info.title !== undefined) sets.push(`title = $${values.push(info.title)}`);
        if (info.artist !== undefined) sets.push(`artist = $${values.push(info.artist)}`);
        if (info.sha256 !== undefined) sets.push(`sha256 = $${values.push(info.sha256)}`);
        const rows = await runQuery(client, `UPDATE ${this.t.tracks} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${TRACK_COLUMNS}`, values);
        track = decodeTrackRow(rows[0]);
      }
      await runQuery(client, `DELETE FROM ${this.t.uploadSessions} WHERE track_id = $1`, [id]);
      return track.status === 'ready' ? track : null;
    });
  }

  async findTrack(id: string): Promise<(Track & { setVisibility: Visibility }) | null> {
    if (!isUuid(id)) return null;
    const rows = await runQuery(
      this.pool,
      `SELECT ${T_TRACK_COLUMNS}, s.visibility AS set_visibility
       FROM ${this.t.tracks} t JOIN ${this.t.musicSets} s ON s.id = t.set_id WHERE t.id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : decodeTrackWithSetRow(rows[0]);
  }

  async updateTrack(id: string, patch: TrackPatch, at: Date): Promise<Track | null> {
    if (!isUuid(id)) return null;
    return withTransaction(this.pool, async (client) => {
      const track = await lockTrackAndSet(client, this.t, id);
      if (track === null) return null;
      if (patch.position !== undefined) await moveTrack(client, this.t, track, patch.position);
      const values: unknown[] = [id, at];
      const sets = ['updated_at = $2'];
      if (patch.title !== undefined) sets.push(`title = $${values.push(patch.title)}`);
      if (patch.artist !== undefined) sets.push(`artist = $${values.push(patch.artist)}`);
      const rows = await runQuery(client, `UPDATE ${this.t.tracks} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${TRACK_COLUMNS}`, values);
      return decodeTrackRow(rows[0]);
    });
  }

  async deleteTrackAndEnqueue(id: string, at: Date): Promise<{ track: Track; session: UploadSession | null } | null> {
    if (!isUuid(id)) return null;
    return withTransaction(this.pool, async (client) => {
      const track = await lockTrackAndSet(client, this.t, id);
      if (track === null) return null;
      const [session] = await deleteSessionsOf(client, this.t, [id]);
      await runQuery(client, `DELETE FROM ${this.t.tracks} WHERE id = $1`, [id]);
      await closeGap(client, this.t, track.setId, track.position);
      await enqueue(client, this.t, [trackKey(id)], at);
      return { track, session: session ?? null };
    });
  }

  async existingTrackIds(ids: string[]): Promise<Set<string>> {
    const candidates = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (candidates.length === 0) return new Set();
    const rows = await runQuery(this.pool, `SELECT id FROM ${this.t.tracks} WHERE id = ANY($1::uuid[])`, [candidates]);
    return new Set(rows.map((row) => String((row as { id: unknown }).id)));
  }

  async findTrackBySha256(setId: string, sha256: string): Promise<Track | null> {
    if (!isUuid(setId)) return null;
    const rows = await runQuery(
      this.pool,
      `SELECT ${TRACK_COLUMNS} FROM ${this.t.tracks} WHERE set_id = $1 AND sha256 = $2 AND status = 'ready'
       ORDER BY position LIMIT 1`,
      [setId, sha256.toLowerCase()],
    );
    return rows[0] === undefined ? null : decodeTrackRow(rows[0]);
  }

  async findSession(uploadId: string): Promise<UploadSession | null> {
    const rows = await runQuery(
      this.pool,
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.uploadSessions} us JOIN ${this.t.tracks} t ON t.id = us.track_id WHERE us.upload_id = $1`,
      [uploadId],
    );
    return rows[0] === undefined ? null : decodeSessionRow(rows[0]);
  }

  async touchUpload(trackId: string, at: Date): Promise<void> {
    if (!isUuid(trackId)) return;
    await runQuery(
      this.pool,
      `WITH touched AS (UPDATE ${this.t.tracks} SET updated_at = $2 WHERE id = $1 AND status = 'uploading' RETURNING id)
       UPDATE ${this.t.uploadSessions} SET last_activity_at = $2 WHERE track_id IN (SELECT id FROM touched)`,
      [trackId, at],
    );
  }

  async findStaleSessions(olderThan: Date, limit: number): Promise<UploadSession[]> {
    const rows = await runQuery(
      this.pool,
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.uploadSessions} us JOIN ${this.t.tracks} t ON t.id = us.track_id
       WHERE COALESCE(us.last_activity_at, us.created_at) < $1 ORDER BY us.created_at, us.upload_id LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map(decodeSessionRow);
  }

  async findStaleUploadingTracks(olderThan: Date, limit: number): Promise<Track[]> {
    const rows = await runQuery(
      this.pool,
      `SELECT ${TRACK_COLUMNS} FROM ${this.t.tracks} t
       WHERE t.status = 'uploading' AND t.updated_at < $1
         AND NOT EXISTS (SELECT 1 FROM ${this.t.uploadSessions} us WHERE us.track_id = t.id)
       ORDER BY t.created_at, t.id LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map(decodeTrackRow);
  }

  async existingSessionIds(uploadIds: string[]): Promise<Set<string>> {
    const candidates = [...new Set(uploadIds)];
    if (candidates.length === 0) return new Set();
    const rows = await runQuery(this.pool, `SELECT upload_id FROM ${this.t.uploadSessions} WHERE upload_id = ANY($1::text[])`, [candidates]);
    return new Set(rows.map((row) => String((row as { upload_id: unknown }).upload_id)));
  }
}
