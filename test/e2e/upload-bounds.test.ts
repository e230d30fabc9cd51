import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackKey } from '../../src/domain/object-keys.ts';
import { createSet, json, problem, rowCount, type Json } from '../support/music-http.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A PUT whose body is produced lazily, so a test can send far more than the URL allows without holding it. */
const putStream = (url: string, total: number, headers: Record<string, string> = {}): Promise<{ status: number; sent: number; body: string }> =>
  new Promise((resolve, reject) => {
    let sent = 0;
    const chunk = Buffer.alloc(256 * KiB, 7);
    const body = new Readable({
      read() {
        if (sent >= total) return this.push(null);
        const next = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += next.length;
        this.push(next);
      },
    });
    const out = request(url, { method: 'PUT', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sent, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer and close before the whole body went out: that is the point.
    out.on('error', (error) => (out.writableFinished ? undefined : reject(error)));
    body.pipe(out);
  });

describe('direct uploads are bounded while they stream (fs store)', () => {
  let svc: TestService;
  let admin: string;
  let setId: string;

  beforeAll(async () => {
    svc = await startTestService('fs', {
      MAX_TRACK_BYTES: String(64 * MiB),
      MAX_OPEN_UPLOADS_PER_ADMIN: '3',
      MAX_OPEN_UPLOAD_BYTES_PER_ADMIN: String(100 * MiB),
    });
    admin = await svc.tokens.admin('bounds-admin');
    setId = (await createSet(svc, admin, { title: 'Bounds' })).id as string;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const post = (path: string, body: unknown, token = admin) => svc.call(path, { method: 'POST', token, ...json(body) });
  const start = async (byteSize: number, token = admin): Promise<Json> => {
    const res = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'b.wav', contentType: 'audio/wav', byteSize }, token);
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  };
  const partUrl = async (upload: Json, partNumber: number, token = admin): Promise<string> => {
    const res = await post(`/v1/admin/uploads/${upload.uploadId}/parts`, { partNumbers: [partNumber] }, token);
    expect(res.status).toBe(200);
    return ((await res.json()) as Json).parts[0].url as string;
  };
  const abort = (upload: Json, token = admin) => svc.call(`/v1/admin/uploads/${upload.uploadId}`, { method: 'DELETE', token });

  test('a 60 MB PUT to the part URL of a 16 KB upload is 413 at once, and nothing is stored', async () => {
    const upload = await start(16 * KiB);
    const url = await partUrl(upload, 1);
    const declared = await putStream(url, 60 * 1000 * 1000, { 'content-length': String(60 * 1000 * 1000) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // Chunked: no length to judge up front, so the stream is cut off once it crosses the part's size.
    const chunked = await putStream(url, 60 * 1000 * 1000);
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(30 * MiB);
    expect(await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).toEqual([]);
    const exact = await putStream(url, 16 * KiB, { 'content-length': String(16 * KiB) });
    expect(exact.status).toBe(200);
    expect((await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).map((p) => p.size)).toEqual([16 * KiB]);
    expect((await abort(upload)).status).toBe(204);
  });

  test('every part is bounded by its planned size; the last one by the remainder', async () => {
    const upload = await start(5 * MiB + 100);
    expect(upload.partCount).toBe(2);
    const first = await partUrl(upload, 1);
    expect((await putStream(first, 5 * MiB + 1)).status).toBe(413);
    expect((await putStream(first, 5 * MiB)).status).toBe(200);
    const last = await partUrl(upload, 2);
    expect((await putStream(last, 101, { 'content-length': '101' })).status).toBe(413);
    expect((await putStream(last, 100)).status).toBe(200);
    expect((await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).map((p) => p.size)).toEqual([5 * MiB, 100]);
    expect((await abort(upload)).status).toBe(204);
  });

  test('a second PUT of a part while the first is still streaming is refused; one part is stored', async () => {
    const upload = await start(2 * MiB);
    const url = await partUrl(upload, 1);
    // The first PUT sends half its body, then waits.
    const slowBody = new Readable({ read() {} });
    const slow = new Promise<number>((resolve, reject) => {
      const out = request(url, { method: 'PUT', headers: { 'content-length': String(MiB) }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      out.on('error', reject);
      slowBody.pipe(out);
    });
    slowBody.push(Buffer.alloc(MiB / 2, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await putStream(url, MiB, { 'content-length': String(MiB) });
    expect(second.status).toBe(409);
    slowBody.push(Buffer.alloc(MiB / 2, 1));
    slowBody.push(null);
    expect(await slow).toBe(200);
    expect((await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).map((p) => p.size)).toEqual([MiB]);
    expect((await abort(upload)).status).toBe(204);
  });

  test('open uploads per admin are bounded in number and in reserved bytes', async () => {
    const other = await svc.tokens.admin('quota-admin');
    const a = await start(40 * MiB, other);
    const b = await start(40 * MiB, other);
    const overBytes = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'c.wav', contentType: 'audio/wav', byteSize: 40 * MiB }, other);
    expect(overBytes.status).toBe(409);
    expect((await problem(overBytes)).code).toBe('TOO_MANY_OPEN_UPLOADS');
    const c = await start(MiB, other);
    const overCount = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'd.wav', contentType: 'audio/wav', byteSize: MiB }, other);
    expect(overCount.status).toBe(409);
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions where created_by = $1', ['quota-admin'])).toBe(3);
    // Another admin's quota is their own; finishing (here: aborting) an upload frees its share.
    const mine = await start(MiB);
    expect((await abort(a, other)).status).toBe(204);
    const again = await start(MiB, other);
    for (const upload of [b, c, again]) expect((await abort(upload, other)).status).toBe(204);
    expect((await abort(mine)).status).toBe(204);
  });

  test('an Uppy start without metadata.byteSize is 400: every upload needs a declared size', async () => {
    const res = await post('/v1/admin/uppy/s3/multipart', { filename: 'u.wav', type: 'audio/wav', metadata: { setId } });
    expect(res.status).toBe(400);
    expect(((await problem(res)).errors as Json[]).map((e) => e.path)).toContain('body.metadata.byteSize');
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions')).toBe(0);
  });
});
