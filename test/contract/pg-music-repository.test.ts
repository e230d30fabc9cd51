import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmbeddedPglite } from '../../src/adapters/postgres/embedded-pglite.ts';
import { runMigrations } from '../../src/adapters/postgres/migrator.ts';
import { PgDeletionQueue } from '../../src/adapters/postgres/pg-deletion-queue.ts';
import { PgMusicRepository } from '../../src/adapters/postgres/pg-music-repository.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { isAppError } from '../../src/domain/app-error.ts';
import { trackKey } from '../../src/domain/object-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type MusicRepositoryFixture, musicRepositoryContract, newSet, newTrack } from './music-repository.contract.ts';
import { TEST_SCHEMA, TEST_TABLES } from '../support/test-schema.ts';

/**
 * Counts every statement any client of the pool sends (BEGIN and COMMIT included), so a method that hides
 * extra round trips in a transaction or a checked-out client is caught too. Must be attached before the
 * pool opens its first connection.
 */
const statementCounter = (pool: pg.Pool): (<T>(fn: () => Promise<T>) => Promise<{ result: T; statements: number }>) => {
  let statements = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  return async (fn) => {
    const before = statements;
    const result = await fn();
    return { result, statements: statements - before };
  };
};

const fixture = (pool: pg.Pool, close: () => Promise<void>): MusicRepositoryFixture => {
  const countStatements = statementCounter(pool);
  return {
    music: new PgMusicRepository(pool, TEST_TABLES),
    deletions: new PgDeletionQueue(pool, TEST_TABLES),
    countStatements,
    setTrackStatus: async (id, status) => {
      await pool.query('UPDATE media.tracks SET status = $2 WHERE id = $1', [id, status]);
    },
    reset: async () => {
      await pool.query('TRUNCATE media.upload_sessions, media.tracks, media.music_sets, media.object_deletions');
    },
    close,
  };
};

// Several connections, so that the concurrency tests really race.
musicRepositoryContract('postgres, pool of 6', async () => {
  const db = await createTestDatabase({ poolMax: 6 });
  return fixture(db.pool, db.drop);
});

// How the service runs without DATABASE_URL: one PGlite backend behind a pool of exactly one connection.
musicRepositoryContract('embedded PGlite, pool of 1', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'media-pglite-music-'));
  const embedded = await startEmbeddedPglite({ dataDir });
  await runMigrations({ database: { url: embedded.url }, schema: TEST_SCHEMA });
  const pool = createPgPool({ url: embedded.url, max: 1 });
  return fixture(pool, async () => {
    await pool.end();
    await embedded.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('PgMusicRepository on postgres only', () => {
  let db: TestDatabase;
  let music: PgMusicRepository;
  beforeAll(async () => {
    db = await createTestDatabase();
    music = new PgMusicRepository(db.pool, TEST_TABLES);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const count = async (table: string): Promise<number> => (await db.pool.query(`SELECT count(*)::int AS n FROM media.${table}`)).rows[0].n;

  test('a failing session insert rolls the track back, and no SQL reaches the caller', async () => {
    const set = await music.createSet(newSet());
    const first = await music.insertTrack(newTrack(set.id));
    const track = newTrack(set.id);
    const session = {
      uploadId: 'u-1',
      // upload_sessions.object_key is limited to 1024 characters: the second insert fails.
      objectKey: 'k'.repeat(2000),
      partSize: 5,
      partCount: 1,
      byteSize: 5,
      contentType: 'audio/mpeg',
      createdBy: 'admin',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    };
    const error = await music.insertTrack(track, session).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('INTERNAL');
    expect(String((error as Error).message)).not.toMatch(/upload_sessions|INSERT|constraint/i);
    expect(await music.findTrack(track.id)).toBeNull();
    expect((await music.insertTrack(newTrack(set.id)))?.position).toBe(2);
    expect(first?.position).toBe(1);
  });

  test('a track move waits for the set lock held by another transaction', async () => {
    const set = await music.createSet(newSet());
    const a = await music.insertTrack(newTrack(set.id));
    const b = await music.insertTrack(newTrack(set.id));
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      // NO KEY UPDATE conflicts with the repository's FOR UPDATE but not with foreign-key checks, so only the
      // set lock itself can make the move wait.
      await holder.query('SELECT id FROM media.music_sets WHERE id = $1 FOR NO KEY UPDATE', [set.id]);
      let settled = false;
      const move = music.updateTrack(b!.id, { position: 1 }, new Date()).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      expect((await move)?.position).toBe(1);
      expect((await music.findTrack(a!.id))?.position).toBe(2);
    } finally {
      holder.release();
    }
  });

  test('deleting a set leaves no row behind in any table but the deletion queue', async () => {
    const set = await music.createSet(newSet());
    const track = newTrack(set.id);
    await music.insertTrack(track, {
      uploadId: 'u-2',
      objectKey: trackKey(track.id),
      partSize: 5,
      partCount: 1,
      byteSize: 5,
      contentType: 'audio/mpeg',
      createdBy: 'admin',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await music.insertTrack(newTrack(set.id));
    const before = { sets: await count('music_sets'), tracks: await count('tracks'), sessions: await count('upload_sessions') };
    expect((await music.deleteSetAndEnqueue(set.id, new Date()))?.sessions).toHaveLength(1);
    expect(await count('music_sets')).toBe(before.sets - 1);
    expect(await count('tracks')).toBe(before.tracks - 2);
    expect(await count('upload_sessions')).toBe(before.sessions - 1);
  });
});
