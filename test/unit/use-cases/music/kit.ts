import type { Actor } from '../../../../src/domain/actor.ts';
import type { Visibility } from '../../../../src/domain/image.ts';
import type { Track } from '../../../../src/domain/music.ts';
import { trackKey } from '../../../../src/domain/object-keys.ts';
import type { Logger } from '../../../../src/application/ports/logger.port.ts';
import { KeysetCursors } from '../../../../src/application/shared/cursor.ts';
import { AbortTrackUpload } from '../../../../src/application/use-cases/music/direct-upload/abort-track-upload.use-case.ts';
import { StartTrackUpload } from '../../../../src/application/use-cases/music/direct-upload/start-track-upload.use-case.ts';
import { CreateMusicSet } from '../../../../src/application/use-cases/music/sets/create-music-set.use-case.ts';
import { DeleteMusicSet } from '../../../../src/application/use-cases/music/sets/delete-music-set.use-case.ts';
import { GetMusicSet } from '../../../../src/application/use-cases/music/sets/get-music-set.use-case.ts';
import { ListMusicSets } from '../../../../src/application/use-cases/music/sets/list-music-sets.use-case.ts';
import { UpdateMusicSet } from '../../../../src/application/use-cases/music/sets/update-music-set.use-case.ts';
import { DeleteTrack } from '../../../../src/application/use-cases/music/tracks/delete-track.use-case.ts';
import { UpdateTrack } from '../../../../src/application/use-cases/music/tracks/update-track.use-case.ts';
import { IssueDownloadUrl } from '../../../../src/application/use-cases/streaming/issue-download-url.use-case.ts';
import { IssueStreamUrl } from '../../../../src/application/use-cases/streaming/issue-stream-url.use-case.ts';
import { MemoryDeletionQueue } from '../../../../src/adapters/memory/memory-deletion-queue.ts';
import { MemoryMusicRepository } from '../../../../src/adapters/memory/memory-music-repository.ts';
import { MemoryObjectStore } from '../../../../src/adapters/memory/memory-object-store.ts';

export const admin: Actor = { sub: 'admin-1', role: 'admin' };
export const member: Actor = { sub: 'member-1', role: 'member' };

/** URL_TTL_SECONDS of the kit's use cases. */
export const URL_TTL_SECONDS = 900;

/** Ids in creation order, valid UUIDs (the repositories refuse anything else as "not found"). */
const sequentialIds = () => {
  let n = 0;
  return { next: () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}` };
};

/** A clock that only moves when told to, so that orderings and lifetimes are exact. */
export const fixedClock = (start = new Date('2026-03-01T10:00:00.000Z')) => {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
};

export const recordingLog = () => {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, message, fields });
  };
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } satisfies Logger };
};

/**
 * The memory store, whose deletes can be made to fail (a store outage after the database committed), and
 * which records what the database held at the moment of each delete, to check the order of the steps.
 */
export class FlakyStore extends MemoryObjectStore {
  failDeletes = false;
  readonly deletes: string[][] = [];
  onDelete: ((keys: string[]) => Promise<void>) | null = null;

  override async delete(keys: string[]): Promise<void> {
    await this.onDelete?.(keys);
    this.deletes.push(keys);
    if (this.failDeletes) throw new Error('store unavailable');
    await super.delete(keys);
  }
}

/** Every music and streaming use case on the memory adapters, wired as the modules wire them. */
export const musicKit = () => {
  const clock = fixedClock();
  const ids = sequentialIds();
  const queue = new MemoryDeletionQueue();
  const music = new MemoryMusicRepository(queue);
  const store = new FlakyStore({ clock: clock.now });
  const { lines, log } = recordingLog();
  const cursors = new KeysetCursors('a kit secret of at least 16 bytes');
  const rows = { music, clock };
  const removal = { ...rows, queue, storage: store, directUploads: store, log };
  const allowAll = { consume: async () => ({ allowed: true as const }) };

  const useCases = {
    createSet: new CreateMusicSet({ ...rows, ids }),
    listAllSets: new ListMusicSets({ music, cursors, audience: 'admin' }),
    listPublishedSets: new ListMusicSets({ music, cursors, audience: 'member' }),
    getAnySet: new GetMusicSet({ music, audience: 'admin' }),
    getPublishedSet: new GetMusicSet({ music, audience: 'member' }),
    updateSet: new UpdateMusicSet(rows),
    deleteSet: new DeleteMusicSet(removal),
    updateTrack: new UpdateTrack(rows),
    deleteTrack: new DeleteTrack(removal),
    startUpload: new StartTrackUpload({
      ...rows,
      directUploads: store,
      rateLimiter: allowAll,
      ids,
      log,
      maxTrackBytes: 1024 * 1024 * 1024,
      sessionTtlSeconds: 3600,
      openUploadQuota: { uploads: 5, bytes: 10 * 1024 * 1024 * 1024 },
    }),
    abortUpload: new AbortTrackUpload(removal),
    issueStreamUrl: new IssueStreamUrl({ music, urls: store, clock, minTtlSeconds: URL_TTL_SECONDS }),
    issueDownloadUrl: new IssueDownloadUrl({ music, urls: store, ttlSeconds: URL_TTL_SECONDS }),
  };

  /** A set as an admin creates it, then published or not. */
  const addSet = async (visibility: Visibility = 'public', title = 'A set') => {
    const set = await useCases.createSet.execute(admin, { title, visibility });
    clock.advance(1);
    return set;
  };

  /** A track as an upload leaves it: `uploading` (row only), or `ready` with its object stored. */
  const addTrack = async (setId: string, options: { title?: string; ready?: boolean; durationMs?: number | null } = {}): Promise<Track> => {
    const id = ids.next();
    const title = options.title ?? `Track ${id.slice(-3)}`;
    const inserted = await music.insertTrack({
      id,
      setId,
      title,
      artist: null,
      contentType: 'audio/mpeg',
      byteSize: 0,
      originalFilename: `${title}.mp3`,
      sha256: null,
      uploadedBy: admin.sub,
      createdAt: clock.now(),
    });
    if (!inserted) throw new Error(`no set ${setId}`);
    if (options.ready === false) return inserted;
    const bytes = new Uint8Array(64).fill(7);
    await store.put(trackKey(id), bytes, { contentType: 'audio/mpeg' });
    const ready = await music.markTrackReady(
      id,
      { durationMs: options.durationMs === undefined ? 180_000 : options.durationMs, contentType: 'audio/mpeg', byteSize: bytes.length },
      clock.now(),
    );
    return ready!;
  };

  const positions = async (setId: string) => (await music.findSet(setId, ['uploading', 'ready', 'deleting']))!.tracks.map((t) => [t.title, t.position]);

  const hasObject = (id: string) =>
    store.head(trackKey(id)).then(
      () => true,
      () => false,
    );

  return { ...useCases, clock, queue, music, store, logLines: lines, addSet, addTrack, positions, hasObject };
};
