import type pg from 'pg';
import { z } from 'zod';
import { trackPositionOutOfRange } from '../../domain/errors/music.errors.ts';
import type { Track } from '../../domain/music.ts';
import { TRACK_COLUMNS, decodeTrackRow } from './music-rows.ts';
import type { PgTables } from './pg-tables.ts';
import { runQuery } from './run-query.ts';

/*
 * Positions are 1..n over every track of a set, whatever its status, so that the admin view (which shows all of
 * them) never has gaps; members see only ready tracks and may see gaps, which is harmless.
 *
 * Whatever changes positions first locks the set row, so that inserts, moves and deletes in one set run one
 * after the other. Lock order is always set, then track, then upload session, which rules out deadlocks with
 * markTrackReady (track, then session) and with each other. The unique (set_id, position) constraint is
 * deferrable, so each renumbering UPDATE below is checked once at the end of the statement.
 */

/** Locks the set row; false if the set does not exist. */
export const lockSet = async (client: pg.PoolClient, t: PgTables, setId: string): Promise<boolean> => {
  const rows = await runQuery(client, `SELECT id FROM ${t.musicSets} WHERE id = $1 FOR UPDATE`, [setId]);
  return rows.length > 0;
};

/** Locks the track's set, then the track, and reads it as it is now; null if either is gone. */
export const lockTrackAndSet = async (client: pg.PoolClient, t: PgTables, trackId: string): Promise<Track | null> => {
  const sets = await runQuery(client, `SELECT s.id FROM ${t.musicSets} s JOIN ${t.tracks} t ON t.set_id = s.id WHERE t.id = $1 FOR UPDATE OF s`, [trackId]);
  if (sets.length === 0) return null;
  const rows = await runQuery(client, `SELECT ${TRACK_COLUMNS} FROM ${t.tracks} WHERE id = $1 FOR UPDATE`, [trackId]);
  return rows[0] === undefined ? null : decodeTrackRow(rows[0]);
};

const countRow = z.object({ n: z.number().int().nonnegative() });

/**
 * Moves a track of a locked set to `to`, shifting the tracks in between by one in a single statement.
 * A position outside 1..n is refused rather than clamped: the admin asked for something that does not exist.
 */
export const moveTrack = async (client: pg.PoolClient, t: PgTables, track: Track, to: number): Promise<void> => {
  const counted = await runQuery(client, `SELECT count(*)::int AS n FROM ${t.tracks} WHERE set_id = $1`, [track.setId]);
  const { n } = countRow.parse(counted[0]);
  if (!Number.isSafeInteger(to) || to < 1 || to > n) {
    throw trackPositionOutOfRange(n);
  }
  const from = track.position;
  if (to === from) return;
  await runQuery(
    client,
    `UPDATE ${t.tracks} SET position = CASE
       WHEN id = $2 THEN $4::int
       WHEN $4::int < $3::int THEN position + 1
       ELSE position - 1 END
     WHERE set_id = $1 AND position BETWEEN least($3::int, $4::int) AND greatest($3::int, $4::int)`,
    [track.setId, track.id, from, to],
  );
};

/** Closes the gap a removed track left at `position` in a locked set. */
export const closeGap = async (client: pg.PoolClient, t: PgTables, setId: string, position: number): Promise<void> => {
  await runQuery(client, `UPDATE ${t.tracks} SET position = position - 1 WHERE set_id = $1 AND position > $2`, [setId, position]);
};
