import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MusicSet, Track } from '../../src/domain/music.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { musicSeed, type MusicSeed } from '../support/music-seed.ts';
import { testOnStore } from '../support/s3-test-client.ts';
import { startTestService, type StoreKind, type TestService } from '../support/test-service.ts';

type StreamUrl = { url: string; expiresAt: string; contentType: string; byteSize: number };

const HOUR = 3600_000;
const URL_TTL_SECONDS = 900;

/** 36 s of 44.1 kHz stereo 16-bit PCM: a ~6 MiB file, so a seek lands far from either end. */
const wav = makeWav({ seconds: 36, sampleRate: 44_100, channels: 2, title: 'Seek me' });

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

describe.each<StoreKind>(['fs', 's3'])('streaming tracks on the %s store', (kind) => {
  let svc: TestService;
  let seed: MusicSeed;
  let member: string;
  let admin: string;
  let set: MusicSet;
  let track: Track;
  let stream: StreamUrl;

  beforeAll(async () => {
    svc = await startTestService(kind, { URL_TTL_SECONDS: String(URL_TTL_SECONDS) });
    seed = musicSeed(svc);
    member = await svc.tokens.member();
    admin = await svc.tokens.admin();
    set = await seed.set({ title: 'Streams' });
    track = await seed.track(set.id, { title: 'Long WAV', bytes: wav, contentType: 'audio/wav', durationMs: 36_000 });
    const res = await svc.call(`/v1/tracks/${track.id}/stream`, { token: member });
    expect(res.status).toBe(200);
    stream = (await res.json()) as StreamUrl;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const streamOf = async (id: string, token = member) => {
    const res = await svc.call(`/v1/tracks/${id}/stream`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as StreamUrl;
  };
  const secondsLeft = (s: StreamUrl) => (Date.parse(s.expiresAt) - Date.now()) / 1000;

  test('the stream answer names the type and size, and its URL plays inline', async () => {
    expect(wav.length).toBeGreaterThan(6 * 1024 * 1024);
    expect(stream).toMatchObject({ contentType: 'audio/wav', byteSize: wav.length });
    const res = await fetch(stream.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('content-length')).toBe(String(wav.length));
    expect(res.headers.get('content-disposition') ?? 'inline').not.toMatch(/attachment/);
    expect(same(await bytesOf(res), wav)).toBe(true);
  });

  test('a seek in the middle of the track: bytes=N-M is 206 with exactly those source bytes', async () => {
    const start = 3_141_593;
    const end = start + 256 * 1024 - 1;
    const res = await fetch(stream.url, { headers: { Range: `bytes=${start}-${end}` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${wav.length}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(same(await bytesOf(res), wav.subarray(start, end + 1))).toBe(true);
  });

  test('an open range (bytes=N-) returns the rest of the file', async () => {
    const start = wav.length - 100_000;
    const res = await fetch(stream.url, { headers: { Range: `bytes=${start}-` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${wav.length - 1}/${wav.length}`);
    expect(same(await bytesOf(res), wav.subarray(start))).toBe(true);
  });

  testOnStore(kind, 'suffix-range')('a suffix range (bytes=-N) returns the last N bytes', async () => {
    const res = await fetch(stream.url, { headers: { Range: 'bytes=-4096' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${wav.length - 4096}-${wav.length - 1}/${wav.length}`);
    expect(same(await bytesOf(res), wav.subarray(wav.length - 4096))).toBe(true);
  });

  test("?redirect=1 is a 302 to the stream URL, not cacheable, and the player's ranged request follows it", async () => {
    const res = await svc.call(`/v1/tracks/${track.id}/stream?redirect=1`, { token: member, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = res.headers.get('location')!;
    expect(location).toBe(stream.url);
    const played = await fetch(location, { headers: { Range: 'bytes=1000000-1000999' } });
    expect(played.status).toBe(206);
    expect(played.headers.get('accept-ranges')).toBe('bytes');
    expect(played.headers.get('content-range')).toBe(`bytes 1000000-1000999/${wav.length}`);
    expect(same(await bytesOf(played), wav.subarray(1_000_000, 1_001_000))).toBe(true);
  });

  test('the URL outlives the track by 10 minutes, never less than URL_TTL_SECONDS, never more than 12 h', async () => {
    const short = secondsLeft(stream);
    expect(short).toBeGreaterThanOrEqual(Math.max(36 + 600, URL_TTL_SECONDS) - 5);
    expect(short).toBeLessThanOrEqual(12 * 3600);
    const twoHours = await streamOf((await seed.track(set.id, { durationMs: 2 * HOUR })).id);
    expect(secondsLeft(twoHours)).toBeGreaterThanOrEqual(2 * 3600 + 600 - 5);
    expect(secondsLeft(twoHours)).toBeLessThanOrEqual(12 * 3600);
    for (const durationMs of [11.5 * HOUR, 20 * HOUR, null]) {
      const long = await streamOf((await seed.track(set.id, { durationMs })).id);
      expect(secondsLeft(long), String(durationMs)).toBeLessThanOrEqual(12 * 3600 + 1);
      expect(secondsLeft(long), String(durationMs)).toBeGreaterThanOrEqual(11 * 3600 - 5);
    }
  });

  test('private, unready, unknown and malformed tracks are the same 404; admins may play a private set', async () => {
    const hidden = await seed.set({ visibility: 'private' });
    const privateTrack = await seed.track(hidden.id);
    const unready = await seed.track(set.id, { ready: false });
    const bodies = [];
    for (const id of [privateTrack.id, unready.id, '0b9f1c66-1111-4111-8111-111111111111', '..%2Fetc']) {
      const res = await svc.call(`/v1/tracks/${id}/stream`, { token: member });
      expect(res.status, id).toBe(404);
      const { requestId: _id, ...body } = (await res.json()) as Record<string, unknown>;
      bodies.push(body);
    }
    expect(bodies[0]).toMatchObject({ status: 404, code: 'TRACK_NOT_FOUND' });
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect((await svc.call(`/v1/tracks/${privateTrack.id}/stream`, { token: admin })).status).toBe(200);
    expect((await svc.call(`/v1/tracks/${unready.id}/stream`, { token: admin })).status).toBe(404);
    expect((await svc.call(`/v1/tracks/${track.id}/stream`)).status).toBe(401);
    expect((await svc.call(`/v1/tracks/${track.id}/stream?redirect=maybe`, { token: member })).status).toBe(400);
  });

  test('once the track is deleted and swept, its URLs answer 404 and no new one is issued', async () => {
    const doomed = await seed.track(set.id, { bytes: new TextEncoder().encode('short-lived'), contentType: 'audio/mpeg' });
    const url = (await streamOf(doomed.id)).url;
    expect((await fetch(url)).status).toBe(200);
    expect(await seed.repo.deleteTrackAndEnqueue(doomed.id, new Date())).not.toBeNull();
    await svc.service.sweepNow();
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    await gone.arrayBuffer();
    expect((await svc.call(`/v1/tracks/${doomed.id}/stream`, { token: member })).status).toBe(404);
  });

  describe.runIf(kind === 'fs')('the fs store route answers like S3 (fs only: the service serves these URLs itself)', () => {
    test('an unsatisfiable range is 416 with Content-Range: bytes */size', async () => {
      const res = await fetch(stream.url, { headers: { Range: `bytes=${wav.length}-` } });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${wav.length}`);
      await res.arrayBuffer();
    });

    test('HEAD answers the headers of the file (ranged too) without a body', async () => {
      const head = await fetch(stream.url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(wav.length));
      expect(head.headers.get('accept-ranges')).toBe('bytes');
      expect(head.headers.get('content-type')).toBe('audio/wav');
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      const ranged = await fetch(stream.url, { method: 'HEAD', headers: { Range: 'bytes=100-199' } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`);
    });

    test('ETag and Last-Modified revalidate: If-None-Match and If-Modified-Since are 304, If-Range keeps the range', async () => {
      const first = await fetch(stream.url, { headers: { Range: 'bytes=0-0' } });
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      await first.arrayBuffer();
      expect(etag).toMatch(/^".+"$/);
      expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
      const byTag = await fetch(stream.url, { headers: { 'If-None-Match': etag } });
      expect(byTag.status).toBe(304);
      expect(byTag.headers.get('etag')).toBe(etag);
      const byDate = await fetch(stream.url, { headers: { 'If-Modified-Since': lastModified } });
      expect(byDate.status).toBe(304);
      const changed = await fetch(stream.url, { headers: { 'If-None-Match': '"something-else"', Range: 'bytes=0-9' } });
      expect(changed.status).toBe(206);
      await changed.arrayBuffer();
      const ifRange = await fetch(stream.url, { headers: { Range: 'bytes=10-19', 'If-Range': etag } });
      expect(ifRange.status).toBe(206);
      expect(same(await bytesOf(ifRange), wav.subarray(10, 20))).toBe(true);
    });

    test('an altered expiry, key or type override is 403', async () => {
      const alter = (change: (u: URL) => void) => {
        const u = new URL(stream.url);
        change(u);
        return fetch(u);
      };
      const later = await alter((u) => u.searchParams.set('X-Expires', String(Number(u.searchParams.get('X-Expires')) + 86_400)));
      expect(later.status).toBe(403);
      expect(((await later.json()) as { code: string }).code).toBe('SIGNATURE_INVALID');
      const type = await alter((u) => u.searchParams.set('response-content-type', 'text/html'));
      expect(type.status).toBe(403);
      await type.arrayBuffer();
      const other = await seed.track(set.id);
      const key = await alter((u) => (u.pathname = u.pathname.replace(track.id, other.id)));
      expect(key.status).toBe(403);
      await key.arrayBuffer();
    });
  });
});
