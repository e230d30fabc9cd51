import type { Visibility } from '../../domain/image.ts';
import type { TrackStatus } from '../../domain/music.ts';
import { TRACK_COLUMNS } from './music-rows.ts';
import type { PgTables } from './pg-tables.ts';

export interface SetsWithTracksQuery {
  trackStatuses: TrackStatus[];
  id?: string;
  visibility?: Visibility;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/**
 * Sets and their tracks of the given statuses in one statement: a LATERAL json_agg per set, ordered by
 * position, so a page costs one round trip whatever its size. The keyset condition on (created_at, id) and the
 * order match the (created_at DESC, id DESC) indexes.
 */
export const setsWithTracksSql = (t: PgTables, query: SetsWithTracksQuery): { text: string; values: unknown[] } => {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const statuses = param([...new Set(query.trackStatuses)]);
  const where: string[] = [];
  if (query.id !== undefined) where.push(`s.id = ${param(query.id)}`);
  if (query.visibility !== undefined) where.push(`s.visibility = ${param(query.visibility)}`);
  if (query.after !== undefined) {
    where.push(`(s.created_at, s.id) < (${param(query.after.createdAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  }
  const text = `
    SELECT s.id, s.title, s.description, s.visibility, s.created_by, s.created_at, s.updated_at, agg.tracks
    FROM ${t.musicSets} s
    LEFT JOIN LATERAL (
      SELECT json_agg(t ORDER BY t.position) AS tracks
      FROM (
        SELECT ${TRACK_COLUMNS} FROM ${t.tracks} tr
        WHERE tr.set_id = s.id AND tr.status = ANY(${statuses}::text[])
      ) t
    ) agg ON true
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.created_at DESC, s.id DESC
    LIMIT ${param(query.limit)}`;
  return { text, values };
};
