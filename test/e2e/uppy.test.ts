import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackKey } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { createSet, json, rowCount, sha256, storedBytes, type Json } from '../support/music-http.ts';
import { NodeXMLHttpRequest } from '../support/node-xhr.ts';
import { s3Gap, testOnStore } from '../support/s3-test-client.ts';
import { startTestService, type StoreKind, type TestService } from '../support/test-service.ts';
import { loadUppy, type UppyModules } from '../support/uppy-client.ts';

const MiB = 1024 * 1024;

/** 75 s of 44.1 kHz stereo: 12.6 MiB, three parts of Uppy's 5 MiB chunks. */
const wav = makeWav({ seconds: 75, sampleRate: 44_100, channels: 2, title: 'Uppy Tag Title' });

/**
 * @uppy/aws-s3 6.x talks to a Companion endpoint with plain `fetch` and no way to add headers (a browser app
 * would rely on cookies or wrap fetch); the service wants a bearer token, so the test adds it the way such a
 * wrapper would, for the service's Uppy routes only. Part PUTs go through XMLHttpRequest (Node has none:
 * a fetch-backed stand-in) straight to the presigned URLs, which need no token.
 */
const withBearer = (endpoint: string, token: string): (() => void) => {
  const original = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(endpoint)) return original(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return original(input, { ...init, headers });
  };
  const hadXhr = 'XMLHttpRequest' in globalThis;
  const previousXhr = (globalThis as Record<string, unknown>).XMLHttpRequest;
  (globalThis as Record<string, unknown>).XMLHttpRequest = NodeXMLHttpRequest;
  return () => {
    globalThis.fetch = original;
    if (hadXhr) (globalThis as Record<string, unknown>).XMLHttpRequest = previousXhr;
    else delete (globalThis as Record<string, unknown>).XMLHttpRequest;
  };
};

describe.each<StoreKind>(['fs', 's3'])('real @uppy/core + @uppy/aws-s3 against the service on the %s store', (kind) => {
  let svc: TestService;
  let admin: string;
  let restore: () => void = () => undefined;
  let uppyModules: UppyModules;

  beforeAll(async () => {
    uppyModules = await loadUppy();
    console.log(`[uppy] @uppy/core ${uppyModules.versions.core}, @uppy/aws-s3 ${uppyModules.versions.awsS3}`);
    svc = await startTestService(kind);
    admin = await svc.tokens.admin('uppy-admin');
    restore = withBearer(`${svc.url}/v1/admin/uppy/`, admin);
  });
  afterAll(async () => {
    restore();
    await svc?.stop();
  });

  const newUppy = () => {
    const uppy = new uppyModules.Uppy({ autoProceed: false });
    uppy.use(uppyModules.AwsS3, { companionEndpoint: `${svc.url}/v1/admin/uppy`, shouldUseMultipart: true, limit: 2 });
    return uppy;
  };

  test('a 12 MiB WAV goes up in three multipart parts and becomes a ready track', async () => {
    const set = await createSet(svc, admin, { title: 'Uppy set' });
    const uppy = newUppy();
    const parts: number[] = [];
    uppy.on('s3-multipart:part-uploaded', (_file: unknown, part: { PartNumber: number }) => parts.push(part.PartNumber));
    const fileId = uppy.addFile({
      name: 'uppy-set.wav',
      type: 'audio/wav',
      data: new Blob([wav], { type: 'audio/wav' }),
      meta: { setId: set.id, artist: 'Uppy Artist', byteSize: wav.length },
    });
    const result = await uppy.upload();
    expect(result?.failed ?? []).toEqual([]);
    expect(result?.successful).toHaveLength(1);
    expect(parts.sort()).toEqual([1, 2, 3]);
    const key = uppy.getFile(fileId).response?.body?.key as string;
    const trackId = /^tracks\/([0-9a-f-]{36})\/audio$/.exec(key)?.[1];
    expect(trackId).toBeDefined();
    const view = (await (await svc.call(`/v1/admin/music-sets/${set.id}`, { token: admin })).json()) as Json;
    expect(view.tracks).toEqual([
      expect.objectContaining({ id: trackId, status: 'ready', title: 'Uppy Tag Title', artist: 'Uppy Artist', byteSize: wav.length, durationMs: 75_000 }),
    ]);
    expect(sha256(await storedBytes(svc, trackKey(trackId!)))).toBe(sha256(wav));
    expect(await rowCount(svc, 'select count(*)::int as n from media.upload_sessions')).toBe(0);
    uppy.destroy();
  });

  test('without byteSize in the metadata the upload is refused up front and leaves nothing: every upload needs a declared size', async () => {
    const set = await createSet(svc, admin, { title: 'No size' });
    const uppy = newUppy();
    uppy.addFile({ name: 'no-size.wav', type: 'audio/wav', data: new Blob([wav]), meta: { setId: set.id, title: 'Given' } });
    const result = await uppy.upload();
    expect(result?.successful ?? []).toEqual([]);
    expect(result?.failed).toHaveLength(1);
    expect(await rowCount(svc, 'select count(*)::int as n from media.tracks where set_id = $1', [set.id])).toBe(0);
    uppy.destroy();
  });

  test('an unknown set fails the Uppy upload and leaves nothing', async () => {
    const uppy = newUppy();
    uppy.addFile({ name: 'x.wav', type: 'audio/wav', data: new Blob([wav.subarray(0, 6 * MiB)]), meta: { setId: '00000000-0000-4000-8000-000000000000' } });
    const result = await uppy.upload();
    expect(result?.successful ?? []).toEqual([]);
    expect(result?.failed).toHaveLength(1);
    expect(await rowCount(svc, "select count(*)::int as n from media.tracks where original_filename = 'x.wav'")).toBe(0);
    uppy.destroy();
  });

  test("the Companion routes answer in Companion's shape: create, batch and single signing, list, complete, abort", async () => {
    const set = await createSet(svc, admin, { title: 'Wire shape' });
    const base = '/v1/admin/uppy/s3/multipart';
    const created = await svc.call(base, {
      method: 'POST',
      token: admin,
      ...json({ filename: 'wire.wav', type: 'audio/x-wav', metadata: { setId: set.id, byteSize: wav.length, name: 'wire.wav', relativePath: null } }),
    });
    expect(created.status).toBe(200);
    const { uploadId, key } = (await created.json()) as Json;
    expect(key).toMatch(/^tracks\/[0-9a-f-]{36}\/audio$/);
    const q = `key=${encodeURIComponent(key)}`;
    const id = encodeURIComponent(uploadId);
    const batch = (await (await svc.call(`${base}/${id}/batch?${q}&partNumbers=1,2,3`, { token: admin })).json()) as Json;
    expect(Object.keys(batch.presignedUrls)).toEqual(['1', '2', '3']);
    const single = (await (await svc.call(`${base}/${id}/2?${q}`, { token: admin })).json()) as Json;
    expect(single).toMatchObject({ url: expect.stringMatching(/^http/), expires: expect.any(Number) });
    const etags: Json[] = [];
    for (const n of [1, 2, 3]) {
      const res = await fetch(batch.presignedUrls[String(n)], { method: 'PUT', body: wav.subarray((n - 1) * 5 * MiB, n * 5 * MiB) });
      etags.push({ PartNumber: n, ETag: res.headers.get('etag') });
    }
    if (kind === 'fs' || s3Gap('list-parts') === null) {
      const listed = (await (await svc.call(`${base}/${id}?${q}`, { token: admin })).json()) as Json[];
      expect(listed.map((p) => [p.PartNumber, p.ETag])).toEqual(etags.map((p) => [p.PartNumber, p.ETag]));
      expect(listed[0]).toMatchObject({ Size: 5 * MiB });
    }
    expect((await svc.call(`${base}/${id}?key=tracks/other`, { token: admin })).status).toBe(404);
    const done = await svc.call(`${base}/${id}/complete?${q}`, { method: 'POST', token: admin, ...json({ parts: etags }) });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ location: expect.stringContaining(set.id), key, track: { status: 'ready' } });
    expect((await svc.call('/v1/admin/uppy/s3/params?filename=x.wav&type=audio/wav', { token: admin })).status).toBe(400);
    expect((await svc.call(base, { method: 'POST', token: await svc.tokens.member(), ...json({}) })).status).toBe(403);
    expect((await svc.call(`${base}/${id}/0?${q}`, { token: admin })).status).toBe(400);
  });

  testOnStore(kind, 'abort-multipart')('cancelling in Uppy aborts the upload on the service: no track, no session', async () => {
    const set = await createSet(svc, admin, { title: 'Cancelled' });
    const base = '/v1/admin/uppy/s3/multipart';
    const created = (await (
      await svc.call(base, { method: 'POST', token: admin, ...json({ filename: 'c.wav', type: 'audio/wav', metadata: { setId: set.id, byteSize: 6 * MiB } }) })
    ).json()) as Json;
    const aborted = await svc.call(`${base}/${encodeURIComponent(created.uploadId)}?key=${encodeURIComponent(created.key)}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(aborted.status).toBe(200);
    expect(await aborted.json()).toEqual({});
    expect(await rowCount(svc, 'select count(*)::int as n from media.tracks where set_id = $1', [set.id])).toBe(0);
  });
});
