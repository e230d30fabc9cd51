import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Json } from '../support/music-http.ts';
import { musicSeed } from '../support/music-seed.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

/** What list views embed of each set (the OpenAPI schema documents the same number). */
const TRACKS_IN_LISTS = 20;

describe('set lists do bounded work per request: tracks per set are capped in list views', () => {
  let svc: TestService;
  let member: string;
  let admin: string;
  let bigSetId: string;
  let smallSetId: string;

  beforeAll(async () => {
    svc = await startTestService('fs');
    member = await svc.tokens.member('list-member');
    admin = await svc.tokens.admin('list-admin');
    const seed = musicSeed(svc);
    const big = await seed.set({ title: 'Marathon', createdAt: new Date(Date.now() - 60_000) });
    for (let i = 0; i < TRACKS_IN_LISTS + 7; i += 1) await seed.track(big.id, { title: `T${i + 1}`, durationMs: 1000 * (i + 1) });
    await seed.track(big.id, { ready: false });
    const small = await seed.set({ title: 'Short' });
    await seed.track(small.id, { durationMs: 5000 });
    bigSetId = big.id;
    smallSetId = small.id;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const get = async (path: string, token: string): Promise<Json> => {
    const res = await svc.call(path, { token });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  };
  const total = (n: number) => (1000 * n * (n + 1)) / 2;

  test('members: the list embeds the first tracks by position and says it cut; counts and durations stay whole', async () => {
    const { items } = await get('/v1/music-sets?limit=100', member);
    const big = items.find((s: Json) => s.id === bigSetId);
    expect(big.tracks).toHaveLength(TRACKS_IN_LISTS);
    expect(big.tracks.map((t: Json) => t.position)).toEqual(Array.from({ length: TRACKS_IN_LISTS }, (_, i) => i + 1));
    expect(big).toMatchObject({ tracksTruncated: true, trackCount: TRACKS_IN_LISTS + 7, totalDurationMs: total(TRACKS_IN_LISTS + 7) });
    const small = items.find((s: Json) => s.id === smallSetId);
    expect(small).toMatchObject({ tracksTruncated: false, trackCount: 1, totalDurationMs: 5000 });
    expect(small.tracks).toHaveLength(1);
  });

  test('the set itself still has every track', async () => {
    const big = await get(`/v1/music-sets/${bigSetId}`, member);
    expect(big.tracks).toHaveLength(TRACKS_IN_LISTS + 7);
    expect(big).toMatchObject({ tracksTruncated: false, trackCount: TRACKS_IN_LISTS + 7 });
  });

  test('admins: the same cap, counting tracks of every status', async () => {
    const { items } = await get('/v1/admin/music-sets?limit=100', admin);
    const big = items.find((s: Json) => s.id === bigSetId);
    expect(big.tracks).toHaveLength(TRACKS_IN_LISTS);
    expect(big).toMatchObject({ tracksTruncated: true, trackCount: TRACKS_IN_LISTS + 8 });
  });

  test('the OpenAPI document says so', async () => {
    const doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as Json;
    const description = JSON.stringify(doc.components.schemas.MusicSet);
    expect(description).toContain('tracksTruncated');
    expect(description).toContain(String(TRACKS_IN_LISTS));
  });
});
