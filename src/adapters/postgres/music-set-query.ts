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
  /** List views: embed the first tracks only, and count all of them in `track_count` / `total_duration_ms`. */
  tracksPerSet?: number;
}

/**
 * Sets and their tracks of the given statuses in one statement: a LATERAL json_agg per set, ordered by
 * position (in list views only the first `tracksPerSet`), so a page costs one round trip and bounded work. The keyset condition on (created_at, id) and the
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
  const capped = query.tracksPerSet !== undefined;
  const cap = capped ? `ORDER BY tr.position LIMIT ${param(query.tracksPerSet)}` : '';
  // The totals are an aggregate over the (set_id, position) index; only the capped rows are built into JSON.
  const totals = capped
    ? `LEFT JOIN LATERAL (
      SELECT count(*)::int AS track_count, coalesce(sum(duration_ms), 0)::float8 AS total_duration_ms
      FROM ${t.tracks} tr WHERE tr.set_id = s.id AND tr.status = ANY(${statuses}::text[])
    ) totals ON true`
    : '';
  const text = `
    SELECT s.id, s.title, s.description, s.visibility, s.created_by, s.created_at, s.updated_at, agg.tracks
      ${capped ? ', totals.track_count, totals.total_duration_ms' : ''}
    FROM ${t.musicSets} s
    LEFT JOIN LATERAL (
      SELECT json_agg(t ORDER BY t.position) AS tracks
      FROM (
        SELECT ${TRACK_COLUMNS} FROM ${t.tracks} tr
        WHERE tr.set_id = s.id AND tr.status = ANY(${statuses}::text[])
        ${cap}
      ) t
    ) agg ON true
    ${totals}
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.created_at DESC, s.id DESC
    LIMIT ${param(query.limit)}`;
  return { text, values };
};
