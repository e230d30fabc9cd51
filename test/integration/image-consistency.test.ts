import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';
import type { ImageRepository } from '../../src/application/ports/image-repository.port.ts';
import { storeUnavailable } from '../../src/domain/errors/storage.errors.ts';
import { UploadImages } from '../../src/application/use-cases/images/manage/upload-images.use-case.ts';
import { imageOrphanSource } from '../../src/application/use-cases/maintenance/image-orphan-source.ts';
import { SweepOrphans } from '../../src/application/use-cases/maintenance/sweep-orphans.use-case.ts';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { FileTypeMediaInspector } from '../../src/adapters/media/file-type-media-inspector.ts';
import { SharpImageProcessor } from '../../src/adapters/media/sharp-image-processor.ts';
import { databaseUnavailable } from '../../src/domain/errors/common.errors.ts';
import { PgDeletionQueue } from '../../src/adapters/postgres/pg-deletion-queue.ts';
import { PgImageRepository } from '../../src/adapters/postgres/pg-image-repository.ts';
import { BottleneckRateLimiter } from '../../src/adapters/ratelimit/bottleneck-rate-limiter.ts';
import { randomIdGenerator } from '../../src/adapters/system/random-id-generator.ts';
import { imageKey, imageKeys } from '../../src/domain/object-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { TEST_TABLES } from '../support/test-schema.ts';

/**
 * ARCHITECTURE.md's consistency rule under injected faults: after one sweep there is no object without
 * a row and no row without its objects. Faults are injected by wrapping the real adapters (the store or
 * the database "goes down" at a chosen call): the one kind of failure a real component will not do on cue.
 */
let db: TestDatabase;
let root: string;
let store: FsObjectStore;
let images: PgImageRepository;
let queue: PgDeletionQueue;
const log = createLogger({ level: 'silent' });
const admin = { sub: 'admin-1', role: 'admin' as const };
const limiter = new BottleneckRateLimiter({ requestsPerMinute: 10_000, uploadsPerMinute: 10_000 });

beforeAll(async () => {
  db = await createTestDatabase();
  images = new PgImageRepository(db.pool, TEST_TABLES);
  queue = new PgDeletionQueue(db.pool, TEST_TABLES);
});
afterAll(async () => {
  await limiter.close();
  await db.drop();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'consistency-'));
  store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:9', signingSecret: 'consistency-secret-0123456789abcdef' });
  await db.pool.query('delete from media.images; delete from media.object_deletions');
  return () => rm(root, { recursive: true, force: true });
});

/** Fails the n-th call of `method` (1-based) while `down` says so; everything else is the real adapter. */
const faulty = <T extends object>(target: T, fail: (method: string, call: number) => Error | null): T => {
  const calls = new Map<string, number>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const n = (calls.get(String(prop)) ?? 0) + 1;
        calls.set(String(prop), n);
        const error = fail(String(prop), n);
        if (error) return Promise.reject(error);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
};

const uploadWith = (deps: { store?: ObjectStore; images?: ImageRepository }) =>
  new UploadImages({
    images: deps.images ?? images,
    queue,
    storage: deps.store ?? store,
    inspector: new FileTypeMediaInspector(),
    processor: new SharpImageProcessor(),
    rateLimiter: limiter,
    signer: { urls: deps.store ?? store, ttlSeconds: 900 },
    clock: { now: () => new Date() },
    ids: randomIdGenerator,
    log,
    limits: { maxImageBytes: 10 * 1024 * 1024, maxImagesPerRequest: 10, maxPixels: 100_000_000 },
  });

const files = async (n: number) =>
  (async function* () {
    for (let i = 0; i < n; i += 1) {
      yield { filename: `f${i}.png`, stream: Readable.from([Buffer.from(await makeImage('png', 40 + i, 30))]) };
    }
  })();

/** One sweep as the server runs it, with the grace period already over for everything written so far. */
const sweep = (s: ObjectStore = store) =>
  new SweepOrphans({
    store: s,
    queue,
    sources: [imageOrphanSource(images, { now: () => new Date(Date.now() + 10_000) })],
    clock: { now: () => new Date(Date.now() + 10_000) },
    log,
    graceSeconds: 0,
  }).execute();

/** The invariant: every row is ready with its three objects, and every object belongs to a row. */
const assertConsistent = async () => {
  const rows = (await db.pool.query<{ id: string; status: string }>('select id, status from media.images')).rows;
  const keys = new Set((await store.list('images/', null, 1000)).items.map((o) => o.key));
  const expected = new Set(rows.flatMap((r) => imageKeys(r.id)));
  expect(rows.every((r) => r.status === 'ready')).toBe(true);
  expect([...keys].sort()).toEqual([...expected].sort());
  expect(Number((await db.pool.query('select count(*)::int as n from media.object_deletions')).rows[0].n)).toBe(0);
  return rows.length;
};

describe('upload consistency under faults', () => {
  test('the store failing on the 2nd of 3 writes: the request fails, its images are undone, nothing dangles', async () => {
    const broken = faulty(store, (m, n) => (m === 'put' && n === 5 ? storeUnavailable() : null));
    await expect(uploadWith({ store: broken }).execute(admin, { files: await files(2), fields: () => ({}) })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(await assertConsistent()).toBe(0);
  });

  test('the store down for writes and deletes: keys stay queued and one sweep after recovery removes them', async () => {
    let down = true;
    const flaky = faulty(store, (m, n) => (down && ((m === 'put' && n === 2) || m === 'delete') ? storeUnavailable() : null));
    await expect(uploadWith({ store: flaky }).execute(admin, { files: await files(1), fields: () => ({}) })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(Number((await db.pool.query('select count(*)::int as n from media.object_deletions')).rows[0].n)).toBe(3);
    expect((await store.list('images/', null, 100)).items).toHaveLength(1);
    down = false;
    await sweep(flaky);
    expect(await assertConsistent()).toBe(0);
  });

  test('the database failing after the objects were written: the pending row and its objects go in one sweep', async () => {
    let down = false;
    const db503 = faulty(images, (m) => (down || m === 'markReady' ? ((down = true), databaseUnavailable()) : null));
    await expect(uploadWith({ images: db503 }).execute(admin, { files: await files(1), fields: () => ({}) })).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    const pending = (await db.pool.query('select id, status from media.images')).rows;
    expect(pending).toMatchObject([{ status: 'pending' }]);
    expect((await store.list('images/', null, 100)).items).toHaveLength(3);
    down = false;
    const report = await sweep();
    expect(report.stalePendingRemoved).toBe(1);
    expect(await assertConsistent()).toBe(0);
  });

  test('a crash between steps (row written, one object stored) and a stray object without a row: one sweep cleans both', async () => {
    const id = randomUUID();
    await images.insertPending({
      id,
      visibility: 'public',
      title: null,
      description: null,
      originalFilename: 'a.png',
      originalContentType: 'image/png',
      byteSize: 3,
      sha256: 'a'.repeat(64),
      uploadedBy: 'admin-1',
      createdAt: new Date(Date.now() - 60_000),
    });
    await store.put(imageKey(id, 'original'), new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
    const stray = randomUUID();
    await store.put(imageKey(stray, 'display'), new Uint8Array([4]), { contentType: 'image/webp' });
    const ok = await uploadWith({}).execute(admin, { files: await files(2), fields: () => ({}) });
    expect(ok.items).toHaveLength(2);
    const report = await sweep();
    expect(report).toMatchObject({ stalePendingRemoved: 1, orphanObjectsDeleted: 1 });
    expect(await assertConsistent()).toBe(2);
  });

  test('objects younger than the grace period are left alone (they may belong to an upload in flight)', async () => {
    const young = randomUUID();
    await store.put(imageKey(young, 'original'), new Uint8Array([1]), { contentType: 'image/png' });
    const report = await new SweepOrphans({
      store,
      queue,
      sources: [imageOrphanSource(images, { now: () => new Date() })],
      clock: { now: () => new Date() },
      log,
      graceSeconds: 3600,
    }).execute();
    expect(report.orphanObjectsDeleted).toBe(0);
    expect((await store.list('images/', null, 10)).items.map((o) => o.key)).toEqual([imageKey(young, 'original')]);
  });
});
