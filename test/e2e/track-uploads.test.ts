import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackKey } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { createSet, json, problem, rowCount, sha256, storedBytes, storedKeys, type Json } from '../support/music-http.ts';
import { s3Gap, testOnStore } from '../support/s3-test-client.ts';
import { startTestService, type StoreKind, type TestService } from '../support/test-service.ts';

const MiB = 1024 * 1024;

/** 72 s of 44.1 kHz stereo: 12.1 MiB, three parts of the planned 5 MiB. */
const bigWav = makeWav({ seconds: 72, sampleRate: 44_100, channels: 2, title: 'Direct Upload', artist: 'Tagged DJ' });

const partsOf = (bytes: Uint8Array, partSize: number): Uint8Array[] =>
  Array.from({ length: Math.ceil(bytes.length / partSize) }, (_, i) => bytes.subarray(i * partSize, (i + 1) * partSize));

describe.each<StoreKind>(['fs', 's3'])('direct multipart track uploads on the %s store', (kind) => {
  let svc: TestService;
  let admin: string;
  let setId: string;

  beforeAll(async () => {
    svc = await startTestService(kind, { MAX_TRACK_BYTES: String(64 * MiB) });
    admin = await svc.tokens.admin('direct-admin');
    setId = (await createSet(svc, admin, { title: 'Direct' })).id as string;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const post = (path: string, body: unknown) => svc.call(path, { method: 'POST', token: admin, ...json(body) });
  const start = async (body: Json = {}): Promise<Json> => {
    const res = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'Set One.wav', contentType: 'audio/wav', byteSize: bigWav.length, ...body });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  };
  const uploadPath = (upload: Json, suffix = '') => `/v1/admin/uploads/${encodeURIComponent(upload.uploadId as string)}${suffix}`;
  const sign = async (upload: Json, partNumbers: number[]): Promise<Json[]> => {
    const res = await post(uploadPath(upload, '/parts'), { partNumbers });
    expect(res.status).toBe(200);
    return ((await res.json()) as Json).parts as Json[];
  };
  const put = async (url: string, bytes: Uint8Array): Promise<string> => {
    const res = await fetch(url, { method: 'PUT', body: bytes });
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toEqual(expect.any(String));
    return etag!;
  };
  const sendParts = async (upload: Json, bytes: Uint8Array, only?: number[]) => {
    const chunks = partsOf(bytes, upload.partSize as number);
    const numbers = only ?? chunks.map((_, i) => i + 1);
    const signed = await sign(upload, numbers);
    const etags: Array<{ partNumber: number; etag: string }> = [];
    for (const part of signed) etags.push({ partNumber: part.partNumber, etag: await put(part.url, chunks[part.partNumber - 1]!) });
    return etags;
  };
  const complete = (upload: Json, parts: Array<{ partNumber: number; etag: string }>) => post(uploadPath(upload, '/complete'), { parts });
  const trackRow = async (id: string) => (await svc.pool.query('select status from media.tracks where id = $1', [id])).rows[0] as Json | undefined;

  test('start answers the part plan and creates the track as uploading; bad requests are 400/404/413/415', async () => {
    const upload = await start({ title: 'Given Title' });
    expect(upload).toMatchObject({ uploadId: expect.any(String), trackId: expect.any(String), partSize: 5 * MiB, partCount: 3, expiresAt: expect.any(String) });
    expect(upload.track).toMatchObject({ id: upload.trackId, status: 'uploading', title: 'Given Title', setId });
    expect(await trackRow(upload.trackId)).toEqual({ status: 'uploading' });

    const bad = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: '', byteSize: -1 });
    expect(bad.status).toBe(400);
    expect(((await problem(bad)).errors as Json[]).map((e) => e.path).sort()).toEqual(['body.byteSize', 'body.contentType', 'body.filename']);
    const tooBig = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'x.wav', contentType: 'audio/wav', byteSize: 64 * MiB + 1 });
    expect(tooBig.status).toBe(413);
    const image = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'x.png', contentType: 'image/png', byteSize: 100 });
    expect(image.status).toBe(415);
    const byExtension = await post(`/v1/admin/music-sets/${setId}/uploads`, { filename: 'x.flac', contentType: 'application/octet-stream', byteSize: 100 });
    expect(byExtension.status).toBe(201);
    const unknownSet = await post(`/v1/admin/music-sets/${randomUUID()}/uploads`, { filename: 'x.wav', contentType: 'audio/wav', byteSize: 100 });
    expect(unknownSet.status).toBe(404);
    expect((await problem(unknownSet)).code).toBe('MUSIC_SET_NOT_FOUND');
    const member = await svc.call(`/v1/admin/music-sets/${setId}/uploads`, { method: 'POST', token: await svc.tokens.member(), ...json({}) });
    expect(member.status).toBe(403);
    expect((await svc.call(`/v1/admin/music-sets/${setId}/uploads`, { method: 'POST', ...json({}) })).status).toBe(401);
  });

  test('every direct-upload and Uppy route answers 401 without a token and 403 to a member', async () => {
    const member = await svc.tokens.member();
    const routes: Array<[string, string]> = [
      ['POST', `/v1/admin/music-sets/${setId}/uploads`],
      ['POST', '/v1/admin/uploads/u1/parts'],
      ['GET', '/v1/admin/uploads/u1/parts'],
      ['POST', '/v1/admin/uploads/u1/complete'],
      ['DELETE', '/v1/admin/uploads/u1'],
      ['POST', '/v1/admin/uppy/s3/multipart'],
      ['GET', '/v1/admin/uppy/s3/multipart/u1/batch?key=k&partNumbers=1'],
      ['GET', '/v1/admin/uppy/s3/multipart/u1/1?key=k'],
      ['GET', '/v1/admin/uppy/s3/multipart/u1?key=k'],
      ['POST', '/v1/admin/uppy/s3/multipart/u1/complete?key=k'],
      ['DELETE', '/v1/admin/uppy/s3/multipart/u1?key=k'],
    ];
    for (const [method, path] of routes) {
      expect((await svc.call(path, { method })).status, `${method} ${path}`).toBe(401);
      const forbidden = await svc.call(path, { method, token: member });
      expect(forbidden.status, `${method} ${path}`).toBe(403);
      expect((await problem(forbidden)).code).toBe('FORBIDDEN');
    }
  });

  test('the OpenAPI document describes the music, direct upload and Uppy routes with shared Track and MusicSet schemas', async () => {
    const res = await fetch(`${svc.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json;
    for (const path of [
      '/v1/admin/music-sets',
      '/v1/admin/music-sets/{id}/tracks',
      '/v1/admin/music-sets/{id}/uploads',
      '/v1/admin/uploads/{uploadId}/parts',
      '/v1/admin/uploads/{uploadId}/complete',
      '/v1/admin/tracks/{id}',
      '/v1/admin/uppy/s3/multipart/{uploadId}/batch',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Track', 'MusicSet']));
  });

  test('a 12 MiB WAV sent in three parts completes as a ready track, read by its bytes, stored intact', async () => {
    const upload = await start();
    const parts = await sendParts(upload, bigWav);
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    const res = await complete(upload, parts);
    expect(res.status).toBe(200);
    const track = (await res.json()) as Json;
    expect(track).toMatchObject({
      id: upload.trackId,
      status: 'ready',
      byteSize: bigWav.length,
      durationMs: 72_000,
      contentType: 'audio/wav',
      title: 'Direct Upload',
      artist: 'Tagged DJ',
      originalFilename: 'Set One.wav',
    });
    expect(sha256(await storedBytes(svc, trackKey(track.id)))).toBe(sha256(bigWav));
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions where track_id = $1', [track.id])).toBe(0);
    expect((await complete(upload, parts)).status).toBe(404);
  });

  test('part signing: at most 100 numbers, each within the plan; unknown uploads are 404 on every route', async () => {
    const upload = await start();
    for (const partNumbers of [[], [0], [4], Array.from({ length: 101 }, (_, i) => 1 + (i % 3))]) {
      const res = await post(uploadPath(upload, '/parts'), { partNumbers });
      expect(res.status, JSON.stringify(partNumbers).slice(0, 20)).toBe(400);
      expect((await problem(res)).errors).toEqual(expect.any(Array));
    }
    const signed = await sign(upload, [3, 1, 1]);
    expect(signed.map((p) => p.partNumber)).toEqual([1, 3]);
    expect(signed[0]).toMatchObject({ url: expect.stringMatching(/^http/), expiresAt: expect.any(String) });
    const unknown = { uploadId: 'no-such-upload' };
    for (const [method, suffix, body] of [
      ['POST', '/parts', { partNumbers: [1] }],
      ['GET', '/parts'],
      ['POST', '/complete', { parts: [{ partNumber: 1, etag: '"x"' }] }],
      ['DELETE', ''],
    ] as const) {
      const res = await svc.call(uploadPath(unknown, suffix), { method, token: admin, ...(body ? json(body) : {}) });
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect((await problem(res)).code).toBe('UPLOAD_NOT_FOUND');
    }
    const badComplete = await complete(upload, [
      { partNumber: 1, etag: '"a"' },
      { partNumber: 1, etag: '"a"' },
    ]);
    expect(badComplete.status).toBe(400);
  });

  testOnStore(kind, 'list-parts')('an upload interrupted after two parts is resumed from the listed parts and completed', async () => {
    const upload = await start({ title: 'Resumed' });
    const firstTwo = await sendParts(upload, bigWav, [1, 2]);
    const listed = await svc.call(uploadPath(upload, '/parts'), { token: admin });
    expect(listed.status).toBe(200);
    const { parts } = (await listed.json()) as { parts: Json[] };
    expect(parts).toEqual(firstTwo.map((p) => ({ ...p, size: 5 * MiB })));
    const missing = [1, 2, 3].filter((n) => !parts.some((p) => p.partNumber === n));
    const rest = await sendParts(upload, bigWav, missing);
    const res = await complete(upload, [...parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })), ...rest]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', title: 'Resumed', byteSize: bigWav.length });
  });

  testOnStore(kind, 'abort-multipart')('abort answers 204 and removes the track and its session; a second abort is 404', async () => {
    const upload = await start();
    await sendParts(upload, bigWav, [1]);
    const res = await svc.call(uploadPath(upload), { method: 'DELETE', token: admin });
    expect(res.status).toBe(204);
    expect(await trackRow(upload.trackId)).toBeUndefined();
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions where upload_id = $1', [upload.uploadId])).toBe(0);
    expect(await storedKeys(svc)).not.toContain(trackKey(upload.trackId));
    expect((await svc.call(uploadPath(upload), { method: 'DELETE', token: admin })).status).toBe(404);
    expect((await svc.call(uploadPath(upload, '/parts'), { token: admin })).status).toBe(404);
  });

  testOnStore(
    kind,
    'abort-multipart',
    'list-parts',
    'list-multipart-uploads',
  )('abort leaves no parts behind in the store', async () => {
    const upload = await start();
    await sendParts(upload, bigWav, [1, 2]);
    expect(await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).toHaveLength(2);
    expect((await svc.call(uploadPath(upload), { method: 'DELETE', token: admin })).status).toBe(204);
    await expect(svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect((await svc.store.listMultipartUploads(new Date(Date.now() + 60_000))).map((u) => u.uploadId)).not.toContain(upload.uploadId);
  });

  test('bytes that are not audio: completion answers 415 and removes the track and the object', async () => {
    const junk = new Uint8Array(randomBytes(6 * MiB));
    const upload = await start({ byteSize: junk.length, filename: 'fake.wav' });
    const res = await complete(upload, await sendParts(upload, junk));
    expect(res.status).toBe(415);
    expect((await problem(res)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await trackRow(upload.trackId)).toBeUndefined();
    expect(await storedKeys(svc)).not.toContain(trackKey(upload.trackId));
  });

  test('an assembled size other than the declared byteSize is refused, and everything removed', async () => {
    const upload = await start({ byteSize: bigWav.length + 10 });
    if (kind === 's3' && s3Gap('sigv4-verification') === null) {
      // S3 has each part's exact length signed into its URL: the short last part never reaches the store.
      const chunks = partsOf(bigWav, upload.partSize as number);
      const [last] = await sign(upload, [chunks.length]);
      expect((await fetch(last!.url as string, { method: 'PUT', body: chunks.at(-1)! })).status).toBe(403);
      expect((await svc.call(uploadPath(upload), { method: 'DELETE', token: await svc.tokens.admin() })).status).toBe(204);
    } else {
      // The fs store takes a part shorter than planned; completion compares the total with the declared size.
      const res = await complete(upload, await sendParts(upload, bigWav));
      expect(res.status).toBe(409);
      expect((await problem(res)).code).toBe('UPLOAD_CONFLICT');
    }
    expect(await trackRow(upload.trackId)).toBeUndefined();
    expect(await storedKeys(svc)).not.toContain(trackKey(upload.trackId));
  });

  testOnStore(kind, 'multipart-validation')('a completion naming a wrong ETag is 409 and the upload stays open for a retry', async () => {
    const upload = await start();
    const parts = await sendParts(upload, bigWav);
    const wrong = await complete(
      upload,
      parts.map((p, i) => (i === 1 ? { ...p, etag: '"0123456789abcdef0123456789abcdef"' } : p)),
    );
    expect(wrong.status).toBe(409);
    expect(await trackRow(upload.trackId)).toEqual({ status: 'uploading' });
    expect((await complete(upload, parts)).status).toBe(200);
  });
});

describe.each<StoreKind>(['fs', 's3'])('abandoned direct uploads and the sweeper (%s store, ORPHAN_GRACE_SECONDS=0)', (kind) => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService(kind, { ORPHAN_GRACE_SECONDS: '0' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  testOnStore(
    kind,
    'list-multipart-uploads',
    'abort-multipart',
    'list-parts',
  )('an upload older than the grace period is aborted and its track removed after one sweep, with no parts left', async () => {
    const admin = await svc.tokens.admin('sweep-admin');
    const set = await createSet(svc, admin);
    const res = await svc.call(`/v1/admin/music-sets/${set.id}/uploads`, {
      method: 'POST',
      token: admin,
      ...json({ filename: 'left.wav', contentType: 'audio/wav', byteSize: bigWav.length }),
    });
    const upload = (await res.json()) as Json;
    const signed = await svc.call(`/v1/admin/uploads/${upload.uploadId}/parts`, { method: 'POST', token: admin, ...json({ partNumbers: [1] }) });
    const [part] = ((await signed.json()) as Json).parts as Json[];
    expect((await fetch(part!.url, { method: 'PUT', body: bigWav.subarray(0, 5 * MiB) })).status).toBe(200);
    expect(await svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await svc.service.sweepNow();
    expect(await rowCount(svc, 'select count(*)::int as n from media.tracks where id = $1', [upload.trackId])).toBe(0);
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions')).toBe(0);
    expect(await svc.store.listMultipartUploads(new Date(Date.now() + 60_000))).toEqual([]);
    await expect(svc.store.listParts(trackKey(upload.trackId), upload.uploadId)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect(await storedKeys(svc)).toEqual([]);
    expect((await svc.call(`/v1/admin/uploads/${upload.uploadId}/parts`, { token: admin })).status).toBe(404);
  });
});
