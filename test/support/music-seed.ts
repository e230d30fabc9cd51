import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';
import { PgMusicRepository } from '../../src/adapters/postgres/pg-music-repository.ts';
import type { Visibility } from '../../src/domain/image.ts';
import type { MusicSet, Track } from '../../src/domain/music.ts';
import { trackKey } from '../../src/domain/object-keys.ts';
import { TEST_TABLES } from './test-schema.ts';

export interface SeedSetOptions {
  title?: string;
  visibility?: Visibility;
  createdAt?: Date;
}

export interface SeedTrackOptions {
  title?: string;
  artist?: string | null;
  /** Stored under the track's key; a few bytes by default. */
  bytes?: Uint8Array;
  contentType?: string;
  durationMs?: number | null;
  originalFilename?: string;
  /** false: the row stays `uploading` and no object is written. */
  ready?: boolean;
}

export interface MusicSeed {
  repo: PgMusicRepository;
  set(options?: SeedSetOptions): Promise<MusicSet>;
  track(setId: string, options?: SeedTrackOptions): Promise<Track>;
}

/**
 * Sets and tracks written the way the upload use cases write them (row `uploading`, object, then `ready`),
 * straight through the repository and the store, so member routes can be tested without the admin routes.
 */
export const musicSeed = (db: { pool: pg.Pool; store: ObjectStore }): MusicSeed => {
  const repo = new PgMusicRepository(db.pool, TEST_TABLES);
  return {
    repo,
    set: (options = {}) =>
      repo.createSet({
        id: randomUUID(),
        title: options.title ?? `Set ${randomUUID().slice(0, 8)}`,
        description: null,
        visibility: options.visibility ?? 'public',
        createdBy: 'seed-admin',
        createdAt: options.createdAt ?? new Date(),
      }),
    track: async (setId, options = {}) => {
      const bytes = options.bytes ?? new TextEncoder().encode(`audio ${randomUUID()}`);
      const contentType = options.contentType ?? 'audio/mpeg';
      const title = options.title ?? `Track ${randomUUID().slice(0, 8)}`;
      const inserted = await repo.insertTrack({
        id: randomUUID(),
        setId,
        title,
        artist: options.artist ?? null,
        contentType,
        byteSize: 0,
        originalFilename: options.originalFilename ?? 'upload.bin',
        sha256: null,
        uploadedBy: 'seed-admin',
        createdAt: new Date(),
      });
      if (!inserted) throw new Error(`seed: set ${setId} is gone`);
      if (options.ready === false) return inserted;
      await db.store.put(trackKey(inserted.id), bytes, { contentType, byteSize: bytes.length });
      const ready = await repo.markTrackReady(
        inserted.id,
        { durationMs: options.durationMs === undefined ? 60_000 : options.durationMs, contentType, byteSize: bytes.length },
        new Date(),
      );
      if (!ready) throw new Error(`seed: track ${inserted.id} did not become ready`);
      return ready;
    },
  };
};
