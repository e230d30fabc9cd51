import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmbeddedPglite } from '../../src/adapters/postgres/embedded-pglite.ts';
import { migrationsDir, runMigrations } from '../../src/adapters/postgres/migrator.ts';
import { PgDeletionQueue } from '../../src/adapters/postgres/pg-deletion-queue.ts';
import { PgImageRepository } from '../../src/adapters/postgres/pg-image-repository.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { PostgresReadinessProbe } from '../../src/adapters/postgres/postgres-readiness-probe.ts';
import { imageRepositoryContract, newImage } from '../contract/image-repository.contract.ts';
import { TEST_SCHEMA, TEST_TABLES } from '../support/test-schema.ts';

/** How the service uses it: migrations first, then one pool of exactly one connection. */
const open = async (dataDir: string) => {
  const embedded = await startEmbeddedPglite({ dataDir });
  const applied = await runMigrations({ database: { url: embedded.url }, schema: TEST_SCHEMA });
  const pool = createPgPool({ url: embedded.url, max: 1 });
  return {
    applied,
    pool,
    close: async () => {
      await pool.end();
      await embedded.close();
    },
  };
};

// One data directory for the file: a first start costs seconds, a restart well under one.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'media-pglite-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded PGlite served to pg', () => {
  test('runs the migrations and the pg adapters, and keeps the data across a restart', { timeout: 60_000 }, async () => {
    const image = newImage({ title: 'kept', byteSize: 5 * 1024 ** 3 });
    const first = await open(dataDir);
    try {
      const all = readdirSync(migrationsDir())
        .filter((f) => f.endsWith('.sql'))
        .map((f) => f.replace(/\.sql$/, ''))
        .sort();
      expect(all.length).toBeGreaterThanOrEqual(4);
      expect(first.applied).toEqual(all);
      await new PostgresReadinessProbe(first.pool).check();
      const images = new PgImageRepository(first.pool, TEST_TABLES);
      expect((await images.insertPending(image)).inserted).toBe(true);
      await images.markReady(image.id, { width: 3, height: 2 }, new Date());
      const other = newImage();
      await images.insertPending(other);
      expect(await images.deleteAndEnqueue(other.id, [`images/${other.id}/original`], new Date())).toBe(true);
      // drain holds the only connection in its transaction; work must not need the database.
      const queue = new PgDeletionQueue(first.pool, TEST_TABLES);
      expect(await queue.drain(10, async (entries) => ({ done: entries.map((e) => e.key), failed: [] }))).toBe(1);
    } finally {
      await first.close();
    }

    const second = await open(dataDir);
    try {
      expect(second.applied).toEqual([]);
      const kept = await new PgImageRepository(second.pool, TEST_TABLES).findById(image.id);
      expect(kept).toMatchObject({ id: image.id, title: 'kept', status: 'ready', width: 3, byteSize: 5 * 1024 ** 3 });
      expect(await new PgDeletionQueue(second.pool, TEST_TABLES).size()).toBe(0);
    } finally {
      await second.close();
    }
  });
});

imageRepositoryContract('embedded PGlite, pool of 1', async () => {
  const db = await open(dataDir);
  return {
    images: new PgImageRepository(db.pool, TEST_TABLES),
    deletions: new PgDeletionQueue(db.pool, TEST_TABLES),
    reset: async () => {
      await db.pool.query('TRUNCATE media.images, media.object_deletions');
    },
    close: db.close,
  };
});
