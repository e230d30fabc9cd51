import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { startObjectsRouteServer, type ObjectsRouteServer } from '../support/objects-route-server.ts';
import { testClock } from '../support/test-clock.ts';

const ORIGIN = 'https://tickets.example.org';
const data = randomBytes(1000);
const disposition = `attachment; filename="Set (live).mp3"; filename*=UTF-8''Set%20%28live%29%20%E2%9C%93.mp3`;

let server: ObjectsRouteServer;
let store: FsObjectStore;
let root: string;
const clock = testClock();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'objects-route-'));
  server = await startObjectsRouteServer();
  store = new FsObjectStore({ root, publicBaseUrl: server.baseUrl, signingSecret: 'route-test-secret-0123456789', clock: clock.now });
  server.mount(store, { corsOrigins: [ORIGIN] });
  await store.put('tracks/t1/audio', data, { contentType: 'audio/mpeg' });
  await store.put('tracks/empty/audio', new Uint8Array(0), { contentType: 'audio/mpeg' });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const urlFor = async (key = 'tracks/t1/audio', options: { disposition?: string; contentType?: string } = {}) =>
  (await store.presignGet(key, { ttlSeconds: 900, ...options })).url;

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { status: number; code: string; type: string; title: string; detail: string };
};

describe('GET and HEAD', () => {
  test('the full body with validators, cache lifetime and range support', async () => {
    const response = await fetch(await urlFor());
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
    const info = await store.head('tracks/t1/audio');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('etag')).toBe(info.etag);
    expect(response.headers.get('last-modified')).toBe(info.lastModified.toUTCString());
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(899);
    expect(maxAge).toBeLessThanOrEqual(900 + 225);
  });

  test('HEAD answers the same headers without a body, ranged too', async () => {
    const url = await urlFor();
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
    expect(head.headers.get('etag')).toMatch(/^".+"$/);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const ranged = await fetch(url, { method: 'HEAD', headers: { Range: 'bytes=-10' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(ranged.headers.get('content-length')).toBe('10');
  });

  test.each([
    ['bytes=0-0', 0, 0],
    ['bytes=10-19', 10, 19],
    ['bytes=990-5000', 990, 999],
    ['bytes=500-', 500, 999],
    ['bytes=-100', 900, 999],
    ['bytes=-5000', 0, 999],
  ])('Range %s is 206 with Content-Range', async (range, start, end) => {
    const response = await fetch(await urlFor(), { headers: { Range: range } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer()).equals(data.subarray(start, end + 1))).toBe(true);
  });

  test.each(['bytes=0-1,5-6', 'bytes=9-3', 'items=0-1', 'bytes=x-'])('Range %s is ignored: the full 200 body', async (range) => {
    const response = await fetch(await urlFor(), { headers: { Range: range } });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
  });

  test.each([
    ['tracks/t1/audio', 'bytes=1000-', 1000],
    ['tracks/t1/audio', 'bytes=-0', 1000],
    ['tracks/empty/audio', 'bytes=0-', 0],
  ])('%s with %s is 416 with Content-Range: bytes */size', async (key, range, size) => {
    const response = await fetch(await urlFor(key), { headers: { Range: range } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(await problemOf(response)).toMatchObject({ status: 416, code: 'RANGE_NOT_SATISFIABLE' });
  });

  test('response overrides are honoured because they are signed', async () => {
    const response = await fetch(await urlFor('tracks/t1/audio', { disposition, contentType: 'application/octet-stream' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(disposition);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });

  test('a client that goes away mid-body does not disturb the next request', async () => {
    await store.put('tracks/big/audio', randomBytes(12 * 1024 * 1024), { contentType: 'audio/wav' });
    const controller = new AbortController();
    const response = await fetch(await urlFor('tracks/big/audio'), { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const next = await fetch(await urlFor(), { headers: { Range: 'bytes=0-3' } });
    expect(next.status).toBe(206);
  });
});

describe('conditional requests', () => {
  const etag = async () => (await store.head('tracks/t1/audio')).etag;
  const lastModified = async () => (await store.head('tracks/t1/audio')).lastModified;

  test('If-None-Match: matching (strong, weak, *) is 304, another tag is 200', async () => {
    const url = await urlFor();
    for (const value of [await etag(), `W/${await etag()}`, `"nope", ${await etag()}`, '*']) {
      const response = await fetch(url, { headers: { 'If-None-Match': value } });
      expect(response.status, value).toBe(304);
      expect(response.headers.get('etag')).toBe(await etag());
      expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    }
    expect((await fetch(url, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
  });

  test('If-Modified-Since: not modified since is 304, an older date is 200, If-None-Match wins', async () => {
    const url = await urlFor();
    const modified = await lastModified();
    expect((await fetch(url, { headers: { 'If-Modified-Since': modified.toUTCString() } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'If-Modified-Since': new Date(modified.getTime() - 60_000).toUTCString() } })).status).toBe(200);
    const both = await fetch(url, {
      headers: { 'If-None-Match': '"other"', 'If-Modified-Since': new Date(modified.getTime() + 60_000).toUTCString() },
    });
    expect(both.status).toBe(200);
  });

  test('If-Range: the current ETag or date keeps the range, anything else sends it all', async () => {
    const url = await urlFor();
    const modified = await lastModified();
    const cases: Array<[string, number]> = [
      [await etag(), 206],
      ['"stale"', 200],
      [`W/${await etag()}`, 200],
      [modified.toUTCString(), 206],
      [new Date(modified.getTime() - 60_000).toUTCString(), 200],
    ];
    for (const [ifRange, status] of cases) {
      const response = await fetch(url, { headers: { Range: 'bytes=0-9', 'If-Range': ifRange } });
      expect(response.status, ifRange).toBe(status);
      expect((await response.arrayBuffer()).byteLength).toBe(status === 206 ? 10 : 1000);
    }
  });
});

describe('signatures', () => {
  test('any altered part of the URL is 403 SIGNATURE_INVALID', async () => {
    const url = await urlFor('tracks/t1/audio', { disposition, contentType: 'audio/mpeg' });
    const alterations: Array<[string, (u: URL) => void]> = [
      ['X-Expires', (u) => u.searchParams.set('X-Expires', String(Number(u.searchParams.get('X-Expires')) + 3600))],
      ['X-Method', (u) => u.searchParams.set('X-Method', 'PUT')],
      ['X-Signature', (u) => u.searchParams.set('X-Signature', 'f'.repeat(64))],
      ['response-content-disposition', (u) => u.searchParams.set('response-content-disposition', 'inline')],
      ['response-content-type', (u) => u.searchParams.set('response-content-type', 'text/html')],
      ['a removed override', (u) => u.searchParams.delete('response-content-type')],
      ['an added parameter', (u) => u.searchParams.append('partNumber', '1')],
      ['a repeated parameter', (u) => u.searchParams.append('X-Expires', u.searchParams.get('X-Expires')!)],
      ['the key', (u) => (u.pathname = u.pathname.replace('/t1/', '/t2/'))],
      ['a missing signature', (u) => u.searchParams.delete('X-Signature')],
    ];
    expect((await fetch(url)).status).toBe(200);
    for (const [label, alter] of alterations) {
      const copy = new URL(url);
      alter(copy);
      const response = await fetch(copy);
      expect(response.status, label).toBe(403);
      expect(await problemOf(response), label).toMatchObject({ status: 403, code: 'SIGNATURE_INVALID' });
    }
  });

  test('a GET URL cannot PUT and a part URL cannot GET', async () => {
    const get = await fetch(await urlFor(), { method: 'PUT', body: 'x' });
    expect(get.status).toBe(403);
    const { uploadId } = await store.startMultipart('tracks/m1/audio', { contentType: 'audio/wav' });
    const part = await store.presignPart('tracks/m1/audio', uploadId, 1, { ttlSeconds: 300, byteSize: 1 });
    expect((await fetch(part.url)).status).toBe(403);
    await store.abortMultipart('tracks/m1/audio', uploadId);
  });

  test('past its expiry a URL is 403 SIGNATURE_EXPIRED', async () => {
    const { url, expiresAt } = await store.presignGet('tracks/t1/audio', { ttlSeconds: 120 });
    expect((await fetch(url)).status).toBe(200);
    clock.advance(Math.ceil((expiresAt.getTime() - clock.now().getTime()) / 1000) + 1);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
  });

  test('a validly signed URL to an object that is gone is 404 OBJECT_NOT_FOUND', async () => {
    const response = await fetch(await urlFor('tracks/never/audio'));
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ status: 404, code: 'OBJECT_NOT_FOUND' });
  });

  test('other methods are 405 with Allow', async () => {
    const response = await fetch(await urlFor(), { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS');
  });
});

describe('part uploads', () => {
  test('PUT of a part answers 200 with an exposed ETag; the store lists it', async () => {
    const key = 'tracks/p1/audio';
    const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
    const bytes = randomBytes(70_000);
    const { url } = await store.presignPart(key, uploadId, 3, { ttlSeconds: 300, byteSize: bytes.length });
    const response = await fetch(url, { method: 'PUT', body: bytes, headers: { Origin: ORIGIN } });
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await store.listParts(key, uploadId)).toEqual([{ partNumber: 3, etag, size: 70_000 }]);

    await store.abortMultipart(key, uploadId);
    const late = await fetch(url, { method: 'PUT', body: bytes });
    expect(late.status).toBe(404);
    expect(await problemOf(late)).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
  });

  test('a browser preflight from an allowed origin passes, others are refused', async () => {
    const url = await urlFor();
    const allowed = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    const refused = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
