import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrationsDir, runMigrations } from '../../src/adapters/postgres/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TEST_SCHEMA } from '../support/test-schema.ts';

/** Every migration file, in order: what a fresh database must end up with. */
const ALL = readdirSync(migrationsDir())
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();
const TABLES = ['images', 'music_sets', 'object_deletions', 'pgmigrations', 'tracks', 'upload_sessions'];
const now = new Date('2024-01-01T00:00:00Z');
const sha = (c: string): string => c.repeat(64);

/** The SQLSTATE a statement fails with, or null when it succeeds. */
const sqlstate = async (client: pg.Pool | pg.PoolClient, text: string, values: unknown[] = []): Promise<string | null> =>
  client.query(text, values).then(
    () => null,
    (error: { code?: string }) => error.code ?? 'unknown',
  );

const tablesOf = async (pool: pg.Pool, schema = TEST_SCHEMA): Promise<string[]> =>
  (await pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])).rows.map(
    (r) => r.table_name,
  );

describe('migrations on a fresh database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('apply every migration once; a second run is a no-op', async () => {
    const logged: string[] = [];
    expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA, log: (m) => logged.push(m) })).toEqual(ALL);
    expect(ALL.slice(0, 3)).toEqual(['0001_images', '0002_music', '0003_object_deletions']);
    for (const name of ALL) expect(logged.join('\n')).toContain(name);
    expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual([]);
    expect(await tablesOf(db.pool)).toEqual(TABLES);
    // Nothing of the service outside its schema: no table, no history, no sequence in public.
    expect(await tablesOf(db.pool, 'public')).toEqual([]);
    const sequences = await db.pool.query('SELECT sequence_schema FROM information_schema.sequences');
    expect(new Set(sequences.rows.map((r) => r.sequence_schema))).toEqual(new Set([TEST_SCHEMA]));
  });

  test('images: sha256 unique, checks on status, visibility, sizes and ready dimensions', async () => {
    const insert = (id: string, digest: string, extra = "'pending', 0, 0"): Promise<string | null> =>
      sqlstate(
        db.pool,
        `INSERT INTO media.images (id, status, width, height, original_filename, original_content_type, byte_size, sha256,
                             uploaded_by, created_at, updated_at)
         VALUES ($1, ${extra}, 'a.jpg', 'image/jpeg', 10, $2, 'admin', $3, $3)`,
        [id, digest, now],
      );
    expect(await insert(randomUUID(), sha('a'))).toBeNull();
    expect(await insert(randomUUID(), sha('a'))).toBe('23505');
    expect(await insert(randomUUID(), sha('b'), "'deleted', 0, 0")).toBe('23514');
    expect(await insert(randomUUID(), sha('c'), "'ready', 0, 0")).toBe('23514');
    expect(await insert(randomUUID(), sha('d'), "'ready', 10, 20")).toBeNull();
    expect(await insert(randomUUID(), 'A'.repeat(64))).toBe('23514');
    const { rows } = await db.pool.query('SELECT visibility FROM media.images WHERE sha256 = $1', [sha('a')]);
    expect(rows[0].visibility).toBe('private');
  });

  test('tracks: foreign keys restrict, positions unique per set but deferrable for renumbering', async () => {
    const setId = randomUUID();
    await db.pool.query(`INSERT INTO media.music_sets (id, title, created_by, created_at, updated_at) VALUES ($1, 'Set', 'admin', $2, $2)`, [setId, now]);
    const trackIds = [randomUUID(), randomUUID()];
    for (const [i, id] of trackIds.entries()) {
      await db.pool.query(
        `INSERT INTO media.tracks (id, set_id, position, title, content_type, byte_size, original_filename, status,
                             uploaded_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'T', 'audio/mpeg', 100, 't.mp3', 'ready', 'admin', $4, $4)`,
        [id, setId, i + 1, now],
      );
    }
    expect(await sqlstate(db.pool, 'UPDATE media.tracks SET position = 2 WHERE id = $1', [trackIds[0]])).toBe('23505');
    expect(await sqlstate(db.pool, 'UPDATE media.tracks SET position = 0 WHERE id = $1', [trackIds[0]])).toBe('23514');
    expect(await sqlstate(db.pool, "UPDATE media.tracks SET status = 'gone' WHERE id = $1", [trackIds[0]])).toBe('23514');

    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS media.tracks_set_id_position_key DEFERRED');
      await client.query('UPDATE media.tracks SET position = 2 WHERE id = $1', [trackIds[0]]);
      await client.query('UPDATE media.tracks SET position = 1 WHERE id = $1', [trackIds[1]]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT id FROM media.tracks WHERE set_id = $1 ORDER BY position', [setId]);
    expect(rows.map((r) => r.id)).toEqual([trackIds[1], trackIds[0]]);
    // One statement shifting every position is checked at its end, whatever order it visits the rows in.
    expect(await sqlstate(db.pool, 'UPDATE media.tracks SET position = position + 1 WHERE set_id = $1', [setId])).toBeNull();

    const uploadId = `upload-${randomUUID()}`;
    await db.pool.query(
      `INSERT INTO media.upload_sessions (upload_id, track_id, object_key, part_size, part_count, byte_size, content_type,
                                    created_by, created_at, expires_at)
       VALUES ($1, $2, 'tracks/x/audio', 8388608, 2, 10000000, 'audio/flac', 'admin', $3, $4)`,
      [uploadId, trackIds[0], now, new Date(now.getTime() + 3_600_000)],
    );
    // 23001 restrict_violation: ON DELETE RESTRICT, never a cascade.
    expect(await sqlstate(db.pool, 'DELETE FROM media.music_sets WHERE id = $1', [setId])).toBe('23001');
    expect(await sqlstate(db.pool, 'DELETE FROM media.tracks WHERE id = $1', [trackIds[0]])).toBe('23001');
    expect(
      await sqlstate(
        db.pool,
        `INSERT INTO media.upload_sessions (upload_id, track_id, object_key, part_size, part_count, byte_size, content_type,
                                      created_by, created_at, expires_at)
         VALUES ('other', $1, 'k', 1, 1, 1, 'audio/flac', 'admin', $2, $3)`,
        [trackIds[0], now, new Date(now.getTime() + 1)],
      ),
    ).toBe('23505');
  });

  test('object_deletions: defaults for attempts and enqueued_at', async () => {
    const { rows } = await db.pool.query("INSERT INTO media.object_deletions (key) VALUES ('images/x/original') RETURNING attempts, enqueued_at, last_error");
    expect(rows[0]).toMatchObject({ attempts: 0, last_error: null });
    expect(rows[0].enqueued_at).toBeInstanceOf(Date);
  });
});

describe('migration runs', () => {
  test('instances starting at once apply each migration exactly once', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const runs = await Promise.all([1, 2, 3].map(() => runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })));
      expect(runs.flat().sort()).toEqual(ALL);
      const { rows } = await db.pool.query('SELECT name FROM media.pgmigrations ORDER BY id');
      expect(rows.map((r) => r.name)).toEqual(ALL);
    } finally {
      await db.drop();
    }
  });

  test('down removes everything and up restores it; a history out of order is refused', async () => {
    const db = await createTestDatabase();
    try {
      expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA, direction: 'down', count: Infinity })).toEqual([...ALL].reverse());
      expect(await tablesOf(db.pool)).toEqual(['pgmigrations']);
      expect(await tablesOf(db.pool, 'public')).toEqual([]);
      expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual(ALL);
      await db.pool.query("UPDATE media.pgmigrations SET name = '0000_elsewhere' WHERE name = '0001_images'");
      await expect(runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).rejects.toThrow(/preceding already run migration/);
    } finally {
      await db.drop();
    }
  });

  test('an unreachable server is DATABASE_UNAVAILABLE', async () => {
    await expect(runMigrations({ database: { url: 'postgres://nobody@127.0.0.1:1/none' }, schema: TEST_SCHEMA })).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
  });
});
