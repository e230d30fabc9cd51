import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PgDeletionQueue } from '../../src/adapters/postgres/pg-deletion-queue.ts';
import { PgImageRepository } from '../../src/adapters/postgres/pg-image-repository.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { PostgresReadinessProbe } from '../../src/adapters/postgres/postgres-readiness-probe.ts';
import { isAppError } from '../../src/domain/app-error.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { imageRepositoryContract, newImage } from './image-repository.contract.ts';
import { TEST_TABLES } from '../support/test-schema.ts';

imageRepositoryContract('postgres', async () => {
  const db = await createTestDatabase();
  return {
    images: new PgImageRepository(db.pool, TEST_TABLES),
    deletions: new PgDeletionQueue(db.pool, TEST_TABLES),
    reset: async () => {
      await db.pool.query('TRUNCATE media.images, media.object_deletions');
    },
    close: () => db.drop(),
  };
});

describe('PgImageRepository on postgres only', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('a failure while enqueueing rolls the delete back, and no SQL reaches the caller', async () => {
    const images = new PgImageRepository(db.pool, TEST_TABLES);
    const image = newImage();
    await images.insertPending(image);
    // object_deletions.key is limited to 1024 characters: the insert fails inside the transaction.
    const error = await images.deleteAndEnqueue(image.id, ['k'.repeat(2000)], new Date()).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('INTERNAL');
    expect(String((error as Error).message)).not.toMatch(/object_deletions|INSERT|constraint/i);
    expect(await images.findById(image.id)).not.toBeNull();
    expect((await db.pool.query('SELECT count(*)::int AS n FROM media.object_deletions')).rows[0].n).toBe(0);
  });

  test('an unreachable database is DATABASE_UNAVAILABLE, for queries and for the readiness probe', async () => {
    const url = new URL(db.url);
    url.port = '1';
    const pool = createPgPool({ url: url.toString(), max: 1, connectionTimeoutMillis: 2_000 });
    try {
      const images = new PgImageRepository(pool, TEST_TABLES);
      const error = await images.findById(randomUUID()).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('DATABASE_UNAVAILABLE');
      await expect(new PostgresReadinessProbe(pool).check()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      await new PostgresReadinessProbe(db.pool).check();
    } finally {
      await pool.end();
    }
  });
});
