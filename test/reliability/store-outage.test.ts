import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageKeys } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { expectProblem, imageForm } from './http-helpers.ts';
import { bucketKeys, eventually, startProxiedService, type ProxiedService } from './proxied-service.ts';

describe('object store outage (TCP proxy between the service and the S3 server)', () => {
  let svc: ProxiedService;
  let admin: string;

  beforeAll(async () => {
    svc = await startProxiedService();
    admin = await svc.tokens.admin('admin-store-outage');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const upload = async (seed: number) =>
    svc.call('/v1/admin/images', { method: 'POST', token: admin, body: imageForm([{ bytes: await makeImage('png', 40 + seed, 30), name: `p${seed}.png` }]) });
  const rows = async () => (await svc.db.pool.query<{ id: string; status: string }>('select id, status from media.images')).rows;
  const queued = async () => Number((await svc.db.pool.query('select count(*)::int as n from media.object_deletions')).rows[0].n);

  test('store down: /readyz and uploads answer 503 STORE_UNAVAILABLE, no row is left; back up: ready and uploading again without a restart', async () => {
    expect((await svc.call('/readyz')).status).toBe(200);
    svc.s3Proxy.cut('reset');

    const notReady = await expectProblem(await svc.call('/readyz'), 503);
    expect(notReady.code).toBe('STORE_UNAVAILABLE');
    expect(notReady.checks).toMatchObject({ database: 'ok' });
    expect((notReady.checks as Record<string, string>).store).not.toBe('ok');

    const failed = await upload(1);
    expect((await expectProblem(failed, 503)).code).toBe('STORE_UNAVAILABLE');
    expect(await rows()).toEqual([]);

    svc.s3Proxy.restore();
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    const ok = await upload(2);
    expect(ok.status).toBe(201);
    const id = ((await ok.json()) as { items: Array<{ id: string }> }).items[0]!.id;

    await svc.service.sweepNow();
    expect(await rows()).toEqual([{ id, status: 'ready' }]);
    expect(await bucketKeys(svc.bucket)).toEqual(imageKeys(id).sort());
    expect(await queued()).toBe(0);
  });

  test('store lost after the original was written: 503, the row is gone, and the written object is removed by one sweep once it is back', async () => {
    const before = await bucketKeys(svc.bucket);
    const stop = svc.s3Proxy.onClientData((chunk) => {
      if (/^PUT [^ ]*\/images\/[^ ]*\/thumbnail\.webp/m.test(chunk.toString('latin1'))) svc.s3Proxy.cut('reset');
    });
    const rowsBefore = await rows();
    const failed = await upload(3);
    stop();
    expect((await expectProblem(failed, 503)).code).toBe('STORE_UNAVAILABLE');
    expect(await rows()).toEqual(rowsBefore);
    const leftover = (await bucketKeys(svc.bucket)).filter((k) => !before.includes(k));
    expect(leftover).toHaveLength(1);
    expect(leftover[0]).toMatch(/^images\/[0-9a-f-]{36}\/original$/);
    expect(await queued()).toBeGreaterThan(0);

    svc.s3Proxy.restore();
    await svc.service.sweepNow();
    expect(await bucketKeys(svc.bucket)).toEqual(before);
    expect(await queued()).toBe(0);
  });

  test('store down: a track upload and the start of a direct upload answer 503 and leave no track row', async ({ skip }) => {
    const doc = (await (await svc.call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    skip(!doc.paths['/v1/admin/music-sets/{id}/tracks']?.post, 'POST /v1/admin/music-sets/{id}/tracks is not served yet');
    const set = await svc.call('/v1/admin/music-sets', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ title: 'outage' }),
      headers: { 'content-type': 'application/json' },
    });
    const setId = ((await set.json()) as { id: string }).id;
    const tracks = async () => (await svc.db.pool.query('select id from media.tracks where set_id = $1', [setId])).rows;
    svc.s3Proxy.cut('reset');
    try {
      const form = new FormData();
      form.append('file', new Blob([makeWav({ seconds: 0.2, sampleRate: 8000, channels: 1 })]), 'down.wav');
      const res = await svc.call(`/v1/admin/music-sets/${setId}/tracks`, { method: 'POST', token: admin, body: form });
      expect((await expectProblem(res, 503)).code).toBe('STORE_UNAVAILABLE');
      expect(await tracks()).toEqual([]);
      if (doc.paths['/v1/admin/music-sets/{id}/uploads']?.post) {
        const direct = await svc.call(`/v1/admin/music-sets/${setId}/uploads`, {
          method: 'POST',
          token: admin,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ filename: 'big.wav', contentType: 'audio/wav', byteSize: 20 * 1024 * 1024 }),
        });
        expect((await expectProblem(direct, 503)).code).toBe('STORE_UNAVAILABLE');
        expect(await tracks()).toEqual([]);
      }
    } finally {
      svc.s3Proxy.restore();
    }
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    await svc.service.sweepNow();
    expect((await bucketKeys(svc.bucket)).filter((k) => k.startsWith('tracks/'))).toEqual([]);
  });

  test('a store that accepts connections but never answers reads as not ready within the probe timeout', async () => {
    svc.s3Proxy.cut('hold');
    try {
      const started = Date.now();
      const res = await svc.call('/readyz');
      expect((await expectProblem(res, 503)).code).toBe('STORE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      svc.s3Proxy.restore();
    }
    await eventually(async () => (await svc.call('/readyz')).status === 200);
  });
});
