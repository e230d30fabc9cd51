import { parse } from 'content-disposition';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KeysetCursors } from '../../src/application/shared/cursor.ts';
import { ListMusicSets } from '../../src/application/use-cases/music/sets/list-music-sets.use-case.ts';
import { PgMusicRepository } from '../../src/adapters/postgres/pg-music-repository.ts';
import type { MusicSet, Track } from '../../src/domain/music.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { musicSeed, type MusicSeed } from '../support/music-seed.ts';
import { startTestService, type StoreKind, type TestService } from '../support/test-service.ts';
import { TEST_TABLES } from '../support/test-schema.ts';

type Json = Record<string, any>;

const problem = async (res: Response): Promise<Json> => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Json;
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+|node_modules|SELECT |tracks\//);
  return body;
};

/** What a problem says, minus the per-request id: two refusals must be indistinguishable. */
const verdict = ({ requestId: _id, ...rest }: Json) => rest;

describe.each<StoreKind>(['fs', 's3'])('member music over HTTP on the %s store', (kind) => {
  let svc: TestService;
  let seed: MusicSeed;
  let member: string;
  let admin: string;
  const publicSets: MusicSet[] = [];
  let privateSet: MusicSet;
  let mixed: { set: MusicSet; ready: Track[]; uploading: Track };
  let privateTrack: Track;

  beforeAll(async () => {
    svc = await startTestService(kind);
    seed = musicSeed(svc);
    member = await svc.tokens.member();
    admin = await svc.tokens.admin();
    const base = Date.now() - 3_600_000;
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    // Newest first: the mixed set is the newest public one.
    for (let i = 0; i < 4; i += 1) publicSets.push(await seed.set({ title: `Public ${i}`, createdAt: at(i) }));
    privateSet = await seed.set({ title: 'Private', visibility: 'private', createdAt: at(5) });
    privateTrack = await seed.track(privateSet.id, { title: 'Secret' });
    const set = await seed.set({ title: 'Mixed', createdAt: at(6) });
    const first = await seed.track(set.id, { title: 'First', durationMs: 1000 });
    const uploading = await seed.track(set.id, { title: 'Still uploading', ready: false });
    const third = await seed.track(set.id, { title: 'Third', durationMs: 3000 });
    const fourth = await seed.track(set.id, { title: 'Fourth', durationMs: null });
    // Move the last ready track to the front: members must see position order, not insertion order.
    await seed.repo.updateTrack(fourth.id, { position: 1 }, new Date());
    mixed = { set, ready: [first, third, fourth], uploading };
    publicSets.push(set);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const get = (path: string, token = member) => svc.call(path, { token });

  test('the list pages through public sets only, newest first, with ready tracks in position order', async () => {
    const seen: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/v1/music-sets?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const page = (await res.json()) as { items: Json[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.id)).toEqual([...publicSets].reverse().map((s) => s.id));
    expect(seen.every((s) => s.visibility === 'public')).toBe(true);

    const shown = seen[0]!;
    expect(shown).toMatchObject({ id: mixed.set.id, title: 'Mixed', trackCount: 3, totalDurationMs: 4000 });
    expect(shown.tracks.map((t: Json) => t.title)).toEqual(['Fourth', 'First', 'Third']);
    const positions = shown.tracks.map((t: Json) => t.position as number);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const track of shown.tracks as Json[]) {
      expect(Object.keys(track).sort()).toEqual(['artist', 'byteSize', 'contentType', 'createdAt', 'durationMs', 'id', 'position', 'setId', 'title'].sort());
    }
    expect(shown.updatedAt).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(mixed.uploading.id);
    expect(JSON.stringify(seen)).not.toContain(privateTrack.id);
  });

  test('admins on the member route get the member view too', async () => {
    const res = await get('/v1/music-sets?limit=100', admin);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Json[] };
    expect(page.items.map((s) => s.id)).not.toContain(privateSet.id);
    expect(page.items.find((s) => s.id === mixed.set.id)!.tracks).toHaveLength(3);
  });

  test('one public set by id; private, unknown and malformed ids are the same 404', async () => {
    const res = await get(`/v1/music-sets/${mixed.set.id}`);
    expect(res.status).toBe(200);
    const set = (await res.json()) as Json;
    expect(set).toMatchObject({ id: mixed.set.id, trackCount: 3, totalDurationMs: 4000 });
    expect(set.tracks.map((t: Json) => t.id)).toEqual([mixed.ready[2]!.id, mixed.ready[0]!.id, mixed.ready[1]!.id]);

    const refusals = await Promise.all(
      [privateSet.id, '8a1d9c7e-0000-4000-8000-000000000000', 'not-a-uuid'].map(async (id) => {
        const r = await get(`/v1/music-sets/${id}`);
        expect(r.status).toBe(404);
        return verdict(await problem(r));
      }),
    );
    expect(refusals[0]).toMatchObject({ status: 404, code: 'MUSIC_SET_NOT_FOUND' });
    expect(refusals[1]).toEqual(refusals[0]);
    expect(refusals[2]).toEqual(refusals[0]);
  });

  test('bad paging parameters are 400 naming the field; no token is 401', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%25%25%25']) {
      const res = await get(`/v1/music-sets?${query}`);
      expect(res.status, query).toBe(400);
      const body = await problem(res);
      expect(body.code).toBe(query.startsWith('cursor=') ? 'INVALID_CURSOR' : 'VALIDATION_FAILED');
      expect(body.errors.length).toBeGreaterThan(0);
    }
    const anonymous = await svc.call('/v1/music-sets');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test.each([
    [
      'a title with quotes, a slash, an emoji and non-Latin scripts',
      'DJ "Ø" / Nacht 🌙 東京',
      'audio/mpeg',
      "DJ 'Ø' - Nacht 🌙 東京.mp3",
      "DJ 'O' - Nacht.mp3",
    ],
    ['a Cyrillic title of an Opus file', 'Ночной эфир', 'audio/ogg', 'Ночной эфир.opus', 'track.opus'],
    ['a plain title of a FLAC file', 'Closing Set (live)', 'audio/flac', 'Closing Set (live).flac', 'Closing Set (live).flac'],
  ])('download of %s: the store answers with the Content-Disposition a browser reads back', async (_label, title, contentType, filename, ascii) => {
    const bytes = new TextEncoder().encode(`bytes of ${title}`);
    const track = await seed.track(mixed.set.id, { title, contentType, bytes, originalFilename: 'upload.opus' });
    const res = await get(`/v1/tracks/${track.id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { url: string; expiresAt: string; filename: string };
    expect(body.filename).toBe(filename);
    const ttl = (Date.parse(body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThanOrEqual(900 - 5);
    expect(ttl).toBeLessThanOrEqual(900 + 225 + 5);

    const file = await fetch(body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(contentType);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    const header = file.headers.get('content-disposition')!;
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
    const ext = /filename\*=UTF-8''([^;\s]+)/.exec(header)![1]!;
    expect(decodeURIComponent(ext)).toBe(filename);
    expect(/filename="([^"]*)"/.exec(header)![1]).toBe(ascii);
    const parsed = parse(header);
    expect(parsed.type).toBe('attachment');
    expect(parsed.parameters.filename).toBe(filename);
  });

  test('download ?redirect=1 is a 302 to the same URL, not cacheable', async () => {
    const track = mixed.ready[0]!;
    const json = (await (await get(`/v1/tracks/${track.id}/download`)).json()) as { url: string };
    const res = await svc.call(`/v1/tracks/${track.id}/download?redirect=1`, { token: member, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(json.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const followed = await fetch(res.headers.get('location')!);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-disposition')).toMatch(/^attachment; filename="First\.mp3"/);
    await followed.arrayBuffer();
  });

  test('download of a private, unready, unknown or malformed track is the same 404 for members', async () => {
    const ids = [privateTrack.id, mixed.uploading.id, '8a1d9c7e-0000-4000-8000-000000000000', 'x'];
    const refusals = [];
    for (const id of ids) {
      const res = await get(`/v1/tracks/${id}/download`);
      expect(res.status, id).toBe(404);
      refusals.push(verdict(await problem(res)));
    }
    expect(refusals[0]).toMatchObject({ code: 'TRACK_NOT_FOUND' });
    for (const other of refusals) expect(other).toEqual(refusals[0]);
    const adminRes = await get(`/v1/tracks/${privateTrack.id}/download`, admin);
    expect(adminRes.status).toBe(200);
  });
});

describe('browsing costs one SQL statement per page (no N+1)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolMax: 1 });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('20 sets x 5 tracks, pages of 7: one query each, through a pool of one connection', async () => {
    const noStore = { put: async () => ({ etag: '""', byteSize: 0 }) } as never;
    const seed = musicSeed({ pool: db.pool, store: noStore });
    for (let i = 0; i < 20; i += 1) {
      const set = await seed.set({ createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)) });
      for (let t = 0; t < 5; t += 1) await seed.track(set.id, { durationMs: 1000 });
    }
    let statements = 0;
    const counting = {
      query: (...args: unknown[]) => {
        statements += 1;
        return (db.pool.query as (...a: unknown[]) => unknown)(...args);
      },
      connect: () => {
        throw new Error('browsing must not take a dedicated connection');
      },
    } as unknown as pg.Pool;
    const list = new ListMusicSets({
      music: new PgMusicRepository(counting, TEST_TABLES),
      cursors: new KeysetCursors('a test secret of at least 16 bytes'),
      audience: 'member',
    });
    const actor = { sub: 'm', role: 'member' as const };
    let cursor: string | null = null;
    let pages = 0;
    let sets = 0;
    do {
      const before = statements;
      const page = await list.execute(actor, { limit: 7, cursor });
      expect(statements - before).toBe(1);
      for (const set of page.items) expect(set.trackCount).toBe(5);
      sets += page.items.length;
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect({ pages, sets }).toEqual({ pages: 3, sets: 20 });
  });
});
