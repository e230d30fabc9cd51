import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';
import { PgImageRepository } from '../../src/adapters/postgres/pg-image-repository.ts';
import { PgMusicRepository } from '../../src/adapters/postgres/pg-music-repository.ts';
import type { Track } from '../../src/domain/music.ts';
import { trackKey } from '../../src/domain/object-keys.ts';
import { TEST_TABLES } from '../../test/support/test-schema.ts';

/** Runs `work(i)` for i in [0, count) with at most `width` in flight. */
export const inParallel = async (count: number, width: number, work: (i: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
};

/**
 * Ready, public images written straight through the repository, as the upload use case leaves them.
 * No objects: listing presigns keys, it never reads them.
 */
export const seedImages = async (pool: pg.Pool, count: number, visibility: 'public' | 'private' = 'public'): Promise<void> => {
  const repo = new PgImageRepository(pool, TEST_TABLES);
  const base = Date.now() - count * 1000;
  await inParallel(count, 8, async (i) => {
    const id = randomUUID();
    await repo.insertPending({
      id,
      visibility,
      title: `Bench image ${i}`,
      description: 'Seeded for the list benchmark',
      originalFilename: `image-${i}.jpg`,
      originalContentType: 'image/jpeg',
      byteSize: 250_000,
      sha256: createHash('sha256').update(id).digest('hex'),
      uploadedBy: 'bench-admin',
      createdAt: new Date(base + i * 1000),
    });
    await repo.markReady(id, { width: 2048, height: 1365 }, new Date());
  });
};

export interface SeedMusicOptions {
  sets: number;
  tracksPerSet: number;
  /** When given, each track's object is written with these bytes (the stream and load paths read them). */
  store?: ObjectStore;
  trackBytes?: () => Uint8Array;
}

/** Public sets of ready tracks, written the way the upload use cases write them (row, object, ready). */
export const seedMusic = async (pool: pg.Pool, options: SeedMusicOptions): Promise<Track[]> => {
  const repo = new PgMusicRepository(pool, TEST_TABLES);
  const tracks: Track[] = [];
  const base = Date.now() - options.sets * 1000;
  await inParallel(options.sets, 4, async (s) => {
    const set = await repo.createSet({
      id: randomUUID(),
      title: `Bench set ${s}`,
      description: 'Seeded for the benchmarks',
      visibility: 'public',
      createdBy: 'bench-admin',
      createdAt: new Date(base + s * 1000),
    });
    for (let t = 0; t < options.tracksPerSet; t++) {
      const inserted = await repo.insertTrack({
        id: randomUUID(),
        setId: set.id,
        title: `Track ${t + 1}`,
        artist: 'Bench Artist',
        contentType: 'audio/wav',
        byteSize: 0,
        originalFilename: `track-${t + 1}.wav`,
        sha256: null,
        uploadedBy: 'bench-admin',
        createdAt: new Date(),
      });
      if (!inserted) throw new Error(`seed: set ${set.id} vanished`);
      let byteSize = 44_100 * 4 * 180;
      if (options.store && options.trackBytes) {
        const bytes = options.trackBytes();
        await options.store.put(trackKey(inserted.id), bytes, { contentType: 'audio/wav', byteSize: bytes.length });
        byteSize = bytes.length;
      }
      const ready = await repo.markTrackReady(inserted.id, { durationMs: 180_000, contentType: 'audio/wav', byteSize }, new Date());
      if (!ready) throw new Error(`seed: track ${inserted.id} did not become ready`);
      tracks.push(ready);
    }
  });
  return tracks;
};
