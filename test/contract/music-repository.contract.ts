import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DeletionQueue } from '../../src/application/ports/deletion-queue.port.ts';
import type { MusicRepository, NewMusicSet, NewTrack } from '../../src/application/ports/music-repository.port.ts';
import type { AppError } from '../../src/domain/app-error.ts';
import type { MusicSet, Track, TrackStatus, UploadSession } from '../../src/domain/music.ts';
import { trackKey } from '../../src/domain/object-keys.ts';

export interface MusicRepositoryFixture {
  music: MusicRepository;
  /** The queue the delete methods write to. */
  deletions: DeletionQueue;
  /** Runs `fn` and counts the SQL statements (or equivalent round trips) the repository made meanwhile. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** Puts a track in a status no port method sets on its own (`deleting`). */
  setTrackStatus(id: string, status: TrackStatus): Promise<void>;
  /** Empties sets, tracks, sessions and the deletion queue between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const ALL: TrackStatus[] = ['uploading', 'ready', 'deleting'];
const at = (ms: number): Date => new Date(Date.UTC(2024, 0, 1) + ms);
const sha = (): string => randomBytes(32).toString('hex');

export const newSet = (overrides: Partial<NewMusicSet> = {}): NewMusicSet => ({
  id: randomUUID(),
  title: 'Closing set',
  description: null,
  visibility: 'private',
  createdBy: 'admin-1',
  createdAt: at(0),
  ...overrides,
});

export const newTrack = (setId: string, overrides: Partial<NewTrack> = {}): NewTrack => ({
  id: randomUUID(),
  setId,
  title: 'Track',
  artist: null,
  contentType: 'audio/mpeg',
  byteSize: 0,
  originalFilename: 'track.mp3',
  sha256: null,
  uploadedBy: 'admin-1',
  createdAt: at(0),
  ...overrides,
});

const newSession = (trackId: string, overrides: Partial<UploadSession> = {}): Omit<UploadSession, 'trackId' | 'setId'> => ({
  uploadId: `upload-${randomBytes(6).toString('hex')}`,
  objectKey: trackKey(trackId),
  partSize: 8 * 1024 ** 2,
  partCount: 640,
  byteSize: 5 * 1024 ** 3,
  contentType: 'audio/flac',
  createdBy: 'admin-1',
  createdAt: at(0),
  expiresAt: at(86_400_000),
  ...overrides,
});

const ids = (items: { id: string }[]): string[] => items.map((i) => i.id);

/** Newest first; equal timestamps ordered by id, descending. */
const expectedOrder = (sets: MusicSet[]): string[] =>
  ids([...sets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)));

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

export const musicRepositoryContract = (name: string, setup: () => Promise<MusicRepositoryFixture>): void => {
  describe(`MusicRepository contract: ${name}`, () => {
    let f: MusicRepositoryFixture;
    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.close();
    });
    beforeEach(async () => {
      await f.reset();
    });

    const createSet = (overrides: Partial<NewMusicSet> = {}): Promise<MusicSet> => f.music.createSet(newSet(overrides));

    const addTrack = async (setId: string, overrides: Partial<NewTrack> = {}): Promise<Track> => {
      const track = await f.music.insertTrack(newTrack(setId, overrides));
      if (track === null) throw new Error('expected the set to exist');
      return track;
    };

    const readyTrack = async (setId: string, overrides: Partial<NewTrack> = {}): Promise<Track> => {
      const track = await addTrack(setId, overrides);
      const ready = await f.music.markTrackReady(track.id, { durationMs: 1000, contentType: 'audio/mpeg', byteSize: 10 }, at(1));
      if (ready === null) throw new Error('expected the track to become ready');
      return ready;
    };

    /** Track ids of a set in position order, after checking that positions are exactly 1..n. */
    const order = async (setId: string): Promise<string[]> => {
      const set = await f.music.findSet(setId, ALL);
      if (set === null) throw new Error('set is gone');
      expect(set.tracks.map((t) => t.position)).toEqual(set.tracks.map((_, i) => i + 1));
      return ids(set.tracks);
    };

    const queuedKeys = async (): Promise<string[]> => {
      let keys: string[] = [];
      await f.deletions.drain(1000, async (entries) => {
        keys = entries.map((e) => e.key);
        return { done: [], failed: [] };
      });
      return keys.sort();
    };

    const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === undefined) throw new Error('expected a rejection');
      return error as AppError;
    };

    test('createSet stores a set that findSet returns with no tracks; unknown and malformed ids are null', async () => {
      const input = newSet({ title: 'Nuit 🎛️ «blanche»', description: 'd'.repeat(3000), visibility: 'public', createdAt: at(1234) });
      const created = await f.music.createSet(input);
      expect(created).toEqual({ ...input, updatedAt: input.createdAt });
      expect(await f.music.findSet(input.id, ALL)).toEqual({ ...created, tracks: [] });
      expect(await f.music.findSet(randomUUID(), ALL)).toBeNull();
      expect(await f.music.findSet('not-a-uuid', ALL)).toBeNull();
    });

    test('findSet embeds the tracks of the given statuses, ordered by position, with exact timestamps', async () => {
      const set = await createSet();
      const uploading = await addTrack(set.id, { title: 'first', createdAt: at(1001), artist: 'Ø', sha256: sha() });
      const ready = await readyTrack(set.id, { title: 'second', createdAt: at(2002) });
      const deleting = await addTrack(set.id, { title: 'third' });
      await f.setTrackStatus(deleting.id, 'deleting');

      const admin = await f.music.findSet(set.id, ALL);
      expect(admin?.tracks).toEqual([uploading, ready, { ...deleting, status: 'deleting' }]);
      expect(admin?.tracks[0]?.createdAt).toEqual(at(1001));
      const member = await f.music.findSet(set.id, ['ready']);
      expect(member).toEqual({ ...set, tracks: [ready] });
      expect((await f.music.findSet(set.id, []))?.tracks).toEqual([]);
    });

    test('listSets pages newest first with a keyset cursor, ties broken by id, no gaps or repeats', async () => {
      const all: MusicSet[] = [];
      for (let i = 0; i < 7; i++) all.push(await createSet({ createdAt: at(i < 4 ? 1000 : i * 1000) }));
      const seen: MusicSet[] = [];
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const page = await f.music.listSets({ trackStatuses: ALL, tracksPerSet: 10, limit: 3, ...(after ? { after } : {}) });
        seen.push(...page);
        if (page.length < 3) break;
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(ids(seen)).toEqual(expectedOrder(all));
      expect(await f.music.listSets({ trackStatuses: ALL, tracksPerSet: 10, limit: 0 })).toEqual([]);
    });

    test('listSets filters by visibility and embeds only tracks of the given statuses', async () => {
      const hidden = await createSet({ createdAt: at(1) });
      const shown = await createSet({ visibility: 'public', createdAt: at(2) });
      const empty = await createSet({ visibility: 'public', createdAt: at(3) });
      await readyTrack(hidden.id);
      const pending = await addTrack(shown.id);
      const r1 = await readyTrack(shown.id);
      const r2 = await readyTrack(shown.id);

      const member = await f.music.listSets({ visibility: 'public', trackStatuses: ['ready'], tracksPerSet: 10, limit: 10 });
      expect(member).toEqual([
        { ...empty, tracks: [], totals: { trackCount: 0, totalDurationMs: 0 } },
        { ...shown, tracks: [r1, r2], totals: { trackCount: 2, totalDurationMs: (r1.durationMs ?? 0) + (r2.durationMs ?? 0) } },
      ]);
      const admin = await f.music.listSets({ trackStatuses: ALL, tracksPerSet: 10, limit: 10 });
      expect(ids(admin)).toEqual([empty.id, shown.id, hidden.id]);
      expect(admin[1]?.tracks).toEqual([pending, r1, r2]);
      expect(ids(await f.music.listSets({ visibility: 'private', trackStatuses: ALL, tracksPerSet: 10, limit: 10 }))).toEqual([hidden.id]);
    });

    test('listSets embeds at most tracksPerSet tracks per set, the first by position, and counts them all', async () => {
      const set = await createSet({ visibility: 'public', createdAt: at(1) });
      const tracks = [];
      for (let i = 0; i < 4; i++) tracks.push(await readyTrack(set.id));
      const [listed] = await f.music.listSets({ trackStatuses: ['ready'], tracksPerSet: 2, limit: 1 });
      expect(listed?.tracks).toEqual(tracks.slice(0, 2));
      expect(listed?.totals).toEqual({ trackCount: 4, totalDurationMs: tracks.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) });
    });

    test('a page of sets with their tracks, and one set, each cost exactly one statement', async () => {
      for (let i = 0; i < 5; i++) {
        const set = await createSet({ visibility: 'public', createdAt: at(i) });
        for (let j = 0; j < 3; j++) await readyTrack(set.id);
      }
      const page = await f.countStatements(() => f.music.listSets({ visibility: 'public', trackStatuses: ['ready'], tracksPerSet: 10, limit: 4 }));
      expect(page.result).toHaveLength(4);
      expect(page.result.every((s) => s.tracks.length === 3)).toBe(true);
      expect(page.statements).toBe(1);
      const last = page.result[3]!;
      const next = await f.countStatements(() =>
        f.music.listSets({ trackStatuses: ['ready'], tracksPerSet: 10, limit: 4, after: { createdAt: last.createdAt, id: last.id } }),
      );
      expect(next.result).toHaveLength(1);
      expect(next.statements).toBe(1);
      const one = await f.countStatements(() => f.music.findSet(last.id, ['ready']));
      expect(one.result?.tracks).toHaveLength(3);
      expect(one.statements).toBe(1);
    });

    test('updateSet sets title and visibility and clears the description; null for a missing set', async () => {
      const set = await createSet({ description: 'old' });
      const updated = await f.music.updateSet(set.id, { title: 'New', visibility: 'public' }, at(100));
      expect(updated).toEqual({ ...set, title: 'New', visibility: 'public', updatedAt: at(100) });
      const cleared = await f.music.updateSet(set.id, { description: null }, at(200));
      expect(cleared).toEqual({ ...set, title: 'New', visibility: 'public', description: null, updatedAt: at(200) });
      expect(await f.music.findSet(set.id, ALL)).toEqual({ ...cleared, tracks: [] });
      expect(await f.music.updateSet(randomUUID(), { title: 'x' }, at(1))).toBeNull();
      expect(await f.music.updateSet('nope', { title: 'x' }, at(1))).toBeNull();
    });

    test('insertTrack appends uploading tracks at positions 1..n; null (and no session) for a missing set', async () => {
      const set = await createSet();
      const input = newTrack(set.id, { title: 'Intro', artist: 'DJ', sha256: sha(), byteSize: 6 * 1024 ** 3, durationMs: 42 });
      const first = await f.music.insertTrack(input);
      expect(first).toEqual({ ...input, position: 1, status: 'uploading', updatedAt: input.createdAt });
      expect((await addTrack(set.id)).position).toBe(2);
      expect((await addTrack(set.id)).position).toBe(3);
      expect((await addTrack(set.id)).durationMs).toBeNull();

      const orphan = newTrack(randomUUID());
      const session = newSession(orphan.id);
      expect(await f.music.insertTrack(orphan, session)).toBeNull();
      expect(await f.music.findTrack(orphan.id)).toBeNull();
      expect(await f.music.findSession(session.uploadId)).toBeNull();
    });

    test('concurrent inserts into one set get distinct positions 1..5', async () => {
      const set = await createSet();
      const tracks = await Promise.all(Array.from({ length: 5 }, () => addTrack(set.id)));
      expect(tracks.map((t) => t.position).sort()).toEqual([1, 2, 3, 4, 5]);
      expect((await order(set.id)).sort()).toEqual(ids(tracks).sort());
    });

    test('insertTrack with a session stores both; findSession and findTrack join in the set', async () => {
      const set = await createSet({ visibility: 'public' });
      const track = newTrack(set.id);
      const session = newSession(track.id);
      const inserted = await f.music.insertTrack(track, session);
      expect(inserted?.status).toBe('uploading');
      expect(await f.music.findSession(session.uploadId)).toEqual({ ...session, trackId: track.id, setId: set.id });
      expect(await f.music.findSession('unknown-upload')).toBeNull();
      expect(await f.music.findTrack(track.id)).toEqual({ ...inserted, setVisibility: 'public' });
      expect(await f.music.findTrack(randomUUID())).toBeNull();
      expect(await f.music.findTrack('x')).toBeNull();
    });

    test('markTrackReady applies the info and removes the session; a ready track stays as it is; gone or deleting is null', async () => {
      const set = await createSet();
      const track = newTrack(set.id, { title: 'from filename', artist: 'someone' });
      const session = newSession(track.id);
      const inserted = await f.music.insertTrack(track, session);
      const digest = sha();
      const info = { durationMs: 3_600_000, contentType: 'audio/flac', byteSize: 5 * 1024 ** 3, title: 'Tag title', artist: null, sha256: digest };
      const ready = await f.music.markTrackReady(track.id, info, at(500));
      expect(ready).toEqual({ ...inserted, ...info, status: 'ready', updatedAt: at(500) });
      expect(await f.music.findSession(session.uploadId)).toBeNull();
      expect(await f.music.markTrackReady(track.id, { durationMs: 1, contentType: 'audio/mpeg', byteSize: 1 }, at(600))).toEqual(ready);

      const partial = await addTrack(set.id, { title: 'keep', artist: 'keep', sha256: null });
      const kept = await f.music.markTrackReady(partial.id, { durationMs: null, contentType: 'audio/wav', byteSize: 7 }, at(700));
      expect(kept).toMatchObject({ title: 'keep', artist: 'keep', sha256: null, durationMs: null, contentType: 'audio/wav', byteSize: 7 });

      const doomed = await addTrack(set.id);
      await f.setTrackStatus(doomed.id, 'deleting');
      expect(await f.music.markTrackReady(doomed.id, info, at(800))).toBeNull();
      expect((await f.music.findTrack(doomed.id))?.status).toBe('deleting');
      expect(await f.music.markTrackReady(randomUUID(), info, at(800))).toBeNull();
    });

    test('updateTrack patches title and artist; null for a missing track', async () => {
      const set = await createSet();
      const track = await addTrack(set.id, { artist: 'a' });
      const updated = await f.music.updateTrack(track.id, { title: 'Renamed', artist: null }, at(300));
      expect(updated).toEqual({ ...track, title: 'Renamed', artist: null, updatedAt: at(300) });
      expect(await f.music.updateTrack(randomUUID(), { title: 'x' }, at(1))).toBeNull();
      expect(await f.music.updateTrack('bad', { position: 1 }, at(1))).toBeNull();
    });

    test('moves up, down, to first and to last renumber the others', async () => {
      const set = await createSet();
      const [a, b, c, d, e] = [
        (await addTrack(set.id)).id,
        (await addTrack(set.id)).id,
        (await addTrack(set.id)).id,
        (await addTrack(set.id)).id,
        (await addTrack(set.id)).id,
      ];
      const move = async (id: string, position: number): Promise<string[]> => {
        const moved = await f.music.updateTrack(id, { position }, at(50));
        expect(moved?.position).toBe(position);
        return order(set.id);
      };
      expect(await move(d!, 2)).toEqual([a, d, b, c, e]);
      expect(await move(d!, 4)).toEqual([a, b, c, d, e]);
      expect(await move(e!, 1)).toEqual([e, a, b, c, d]);
      expect(await move(e!, 5)).toEqual([a, b, c, d, e]);
      expect(await move(c!, 3)).toEqual([a, b, c, d, e]);
      const moved = await f.music.updateTrack(b!, { position: 4, title: 'moved' }, at(60));
      expect(moved).toMatchObject({ position: 4, title: 'moved', updatedAt: at(60) });
      expect(await order(set.id)).toEqual([a, c, d, b, e]);
    });

    test('a position outside 1..n is refused with a field error and changes nothing', async () => {
      const set = await createSet();
      const tracks = [await addTrack(set.id), await addTrack(set.id), await addTrack(set.id)];
      for (const position of [0, 4, -1, 1.5]) {
        const error = await rejection(f.music.updateTrack(tracks[1]!.id, { position, title: 'changed' }, at(9)));
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.errors).toEqual([{ path: 'position', message: 'must be between 1 and 3' }]);
      }
      expect(await order(set.id)).toEqual(ids(tracks));
      expect((await f.music.findTrack(tracks[1]!.id))?.title).toBe('Track');
    });

    test('ten concurrent random moves on six tracks leave positions exactly 1..6', async () => {
      const set = await createSet();
      const tracks: Track[] = [];
      for (let i = 0; i < 6; i++) tracks.push(await addTrack(set.id));
      await Promise.all(Array.from({ length: 10 }, () => f.music.updateTrack(tracks[randomInt(0, 5)]!.id, { position: randomInt(1, 6) }, at(70))));
      expect((await order(set.id)).sort()).toEqual(ids(tracks).sort());
    });

    test('concurrent inserts, moves, deletes and completions keep positions 1..n', async () => {
      const set = await createSet();
      const tracks: Track[] = [];
      for (let i = 0; i < 6; i++) tracks.push(await addTrack(set.id));
      const results = await Promise.allSettled([
        f.music.deleteTrackAndEnqueue(tracks[0]!.id, at(1)),
        f.music.updateTrack(tracks[5]!.id, { position: 2 }, at(1)),
        addTrack(set.id),
        f.music.markTrackReady(tracks[3]!.id, { durationMs: 1, contentType: 'audio/ogg', byteSize: 1 }, at(1)),
        f.music.deleteTrackAndEnqueue(tracks[2]!.id, at(1)),
        f.music.updateTrack(tracks[1]!.id, { position: 1 }, at(1)),
        addTrack(set.id),
        f.music.updateTrack(tracks[4]!.id, { position: 3 }, at(1)),
      ]);
      // At least four tracks exist at any moment, so every move targets a valid position.
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await order(set.id)).toHaveLength(6);
    });

    test('a completion racing a delete of the same track ends with the track gone, never a deadlock', async () => {
      const set = await createSet();
      for (let i = 0; i < 10; i++) {
        const track = newTrack(set.id);
        const session = newSession(track.id);
        await f.music.insertTrack(track, session);
        const info = { durationMs: 1, contentType: 'audio/mpeg', byteSize: 1 };
        const [ready, deleted] = await Promise.all([f.music.markTrackReady(track.id, info, at(1)), f.music.deleteTrackAndEnqueue(track.id, at(1))]);
        expect(deleted?.track.id).toBe(track.id);
        // Whoever came second sees the other's work: a ready track has no session left to return.
        if (ready === null) expect(deleted?.session?.uploadId).toBe(session.uploadId);
        else expect(deleted).toEqual({ track: ready, session: null });
        expect(await f.music.findTrack(track.id)).toBeNull();
      }
      expect(await order(set.id)).toEqual([]);
    });

    test('deleteTrackAndEnqueue removes the track and its session, renumbers, and queues its key', async () => {
      const set = await createSet();
      const first = await addTrack(set.id);
      const second = newTrack(set.id);
      const session = newSession(second.id);
      const inserted = await f.music.insertTrack(second, session);
      const third = await addTrack(set.id);
      const deleted = await f.music.deleteTrackAndEnqueue(second.id, at(5));
      expect(deleted).toEqual({ track: inserted, session: { ...session, trackId: second.id, setId: set.id } });
      expect(await order(set.id)).toEqual([first.id, third.id]);
      expect(await f.music.findSession(session.uploadId)).toBeNull();
      expect(await f.music.findTrack(second.id)).toBeNull();
      expect(await queuedKeys()).toEqual([trackKey(second.id)]);
      expect(await f.music.deleteTrackAndEnqueue(second.id, at(6))).toBeNull();
      expect(await f.music.deleteTrackAndEnqueue(first.id, at(6))).toEqual({ track: first, session: null });
      expect((await f.music.findTrack(third.id))?.position).toBe(1);
    });

    test('deleteSetAndEnqueue removes the set and tracks in every status, returns open sessions, queues every key', async () => {
      const set = await createSet();
      const other = await createSet();
      const ready = await readyTrack(set.id);
      const deleting = await addTrack(set.id);
      await f.setTrackStatus(deleting.id, 'deleting');
      const crashed = await addTrack(set.id);
      const uploading = newTrack(set.id);
      const session = newSession(uploading.id);
      await f.music.insertTrack(uploading, session);
      const survivor = await readyTrack(other.id);
      const otherUpload = newTrack(other.id);
      const otherSession = newSession(otherUpload.id);
      await f.music.insertTrack(otherUpload, otherSession);

      const result = await f.music.deleteSetAndEnqueue(set.id, at(9));
      expect(result).toEqual({ sessions: [{ ...session, trackId: uploading.id, setId: set.id }] });
      const gone = [ready.id, deleting.id, crashed.id, uploading.id];
      expect(await queuedKeys()).toEqual(gone.map(trackKey).sort());
      expect(await f.music.findSet(set.id, ALL)).toBeNull();
      expect(await f.music.existingTrackIds(gone)).toEqual(new Set());
      expect(await f.music.findSession(session.uploadId)).toBeNull();
      expect(await f.music.existingSessionIds([session.uploadId, otherSession.uploadId])).toEqual(new Set([otherSession.uploadId]));
      expect(await f.music.findTrack(survivor.id)).toEqual({ ...survivor, setVisibility: 'private' });
      expect(ids(await f.music.listSets({ trackStatuses: ALL, tracksPerSet: 10, limit: 10 }))).toEqual([other.id]);

      expect(await f.music.deleteSetAndEnqueue(set.id, at(10))).toBeNull();
      expect(await f.music.deleteSetAndEnqueue('nope', at(10))).toBeNull();
      expect(await f.deletions.size()).toBe(gone.length);
      expect(await f.music.deleteSetAndEnqueue((await createSet()).id, at(11))).toEqual({ sessions: [] });
    });

    test('findStaleSessions: sessions created before the cutoff, oldest first, up to the limit', async () => {
      const set = await createSet();
      const made: UploadSession[] = [];
      for (const ms of [3000, 1000, 2000, 9000]) {
        const track = newTrack(set.id);
        const session = newSession(track.id, { createdAt: at(ms) });
        await f.music.insertTrack(track, session);
        made.push({ ...session, trackId: track.id, setId: set.id });
      }
      expect(await f.music.findStaleSessions(at(5000), 2)).toEqual([made[1], made[2]]);
      expect(await f.music.findStaleSessions(at(1000), 10)).toEqual([]);
    });

    test('touchUpload: activity after the cutoff keeps a session and an API upload from being stale', async () => {
      const set = await createSet();
      const direct = newTrack(set.id, { createdAt: at(1000) });
      await f.music.insertTrack(direct, newSession(direct.id, { createdAt: at(1000) }));
      const streaming = await addTrack(set.id, { createdAt: at(1000) });
      const done = await readyTrack(set.id, { createdAt: at(1000) });
      expect((await f.music.findStaleSessions(at(5000), 10)).map((s) => s.trackId)).toEqual([direct.id]);
      expect(ids(await f.music.findStaleUploadingTracks(at(5000), 10))).toEqual([streaming.id]);

      await f.music.touchUpload(direct.id, at(6000));
      await f.music.touchUpload(streaming.id, at(6000));
      await f.music.touchUpload(done.id, at(6000));
      await f.music.touchUpload('not-a-uuid', at(6000));

      expect(await f.music.findStaleSessions(at(5000), 10)).toEqual([]);
      expect(await f.music.findStaleUploadingTracks(at(5000), 10)).toEqual([]);
      expect((await f.music.findStaleSessions(at(7000), 10)).map((s) => s.trackId)).toEqual([direct.id]);
      expect(ids(await f.music.findStaleUploadingTracks(at(7000), 10))).toEqual([streaming.id]);
      expect((await f.music.findTrack(done.id))?.updatedAt).toEqual(done.updatedAt);
    });

    test('findStaleUploadingTracks: uploading tracks without a session created before the cutoff', async () => {
      const set = await createSet();
      const crashedOld = await addTrack(set.id, { createdAt: at(1000) });
      const crashedOlder = await addTrack(set.id, { createdAt: at(500) });
      await addTrack(set.id, { createdAt: at(9000) });
      await readyTrack(set.id, { createdAt: at(100) });
      const withSession = newTrack(set.id, { createdAt: at(100) });
      await f.music.insertTrack(withSession, newSession(withSession.id));
      const deleting = await addTrack(set.id, { createdAt: at(100) });
      await f.setTrackStatus(deleting.id, 'deleting');

      expect(ids(await f.music.findStaleUploadingTracks(at(5000), 10))).toEqual([crashedOlder.id, crashedOld.id]);
      expect(ids(await f.music.findStaleUploadingTracks(at(5000), 1))).toEqual([crashedOlder.id]);
      expect(await f.music.findStaleUploadingTracks(at(500), 10)).toEqual([]);
    });

    test('existingTrackIds and existingSessionIds tell rows from orphans and ignore impossible ids', async () => {
      const set = await createSet();
      const a = await addTrack(set.id);
      const b = await readyTrack(set.id);
      const c = newTrack(set.id);
      const session = newSession(c.id);
      await f.music.insertTrack(c, session);
      const found = await f.music.existingTrackIds([a.id, b.id, c.id, randomUUID(), 'garbage', a.id]);
      expect([...found].sort()).toEqual([a.id, b.id, c.id].sort());
      expect((await f.music.existingTrackIds([])).size).toBe(0);
      expect(await f.music.existingSessionIds([session.uploadId, 'gone', session.uploadId])).toEqual(new Set([session.uploadId]));
      expect((await f.music.existingSessionIds([])).size).toBe(0);
    });

    test('findTrackBySha256 finds a ready track with that checksum in that set only', async () => {
      const set = await createSet();
      const other = await createSet();
      const digest = sha();
      await addTrack(set.id, { sha256: digest });
      expect(await f.music.findTrackBySha256(set.id, digest)).toBeNull();
      const ready = await readyTrack(set.id, { sha256: digest });
      expect(await f.music.findTrackBySha256(set.id, digest)).toEqual(ready);
      expect(await f.music.findTrackBySha256(other.id, digest)).toBeNull();
      expect(await f.music.findTrackBySha256(set.id, sha())).toBeNull();
      expect(await f.music.findTrackBySha256('nope', digest)).toBeNull();
    });
  });
};
