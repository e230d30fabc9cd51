import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageKeys } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { expectProblem, imageForm } from './http-helpers.ts';
import { bucketKeys, eventually, startProxiedService, type ProxiedService } from './proxied-service.ts';

describe('database outage (TCP proxy between the service and PostgreSQL)', () => {
  let svc: ProxiedService;
  let admin: string;

  beforeAll(async () => {
    // Grace 0: "within one sweep" is then literally the next sweep, which the test runs itself.
    svc = await startProxiedService({ ORPHAN_GRACE_SECONDS: '0' });
    admin = await svc.tokens.admin('admin-db-outage');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const upload = async (seed: number) =>
    svc.call('/v1/admin/images', { method: 'POST', token: admin, body: imageForm([{ bytes: await makeImage('jpeg', 50 + seed, 40), name: `j${seed}.jpg` }]) });
  const rows = async () => (await svc.db.pool.query<{ id: string; status: string }>('select id, status from media.images order by created_at')).rows;
  const queued = async () => Number((await svc.db.pool.query('select count(*)::int as n from media.object_deletions')).rows[0].n);

  test('database down: /readyz and uploads answer 503 DATABASE_UNAVAILABLE, nothing reaches the store; back up: ready and uploading again without a restart', async () => {
    expect((await svc.call('/readyz')).status).toBe(200);
    svc.dbProxy.cut('reset');

    const notReady = await expectProblem(await svc.call('/readyz'), 503);
    expect(notReady.code).toBe('DATABASE_UNAVAILABLE');
    expect(notReady.checks).toMatchObject({ store: 'ok' });

    const failed = await upload(1);
    expect((await expectProblem(failed, 503)).code).toBe('DATABASE_UNAVAILABLE');
    expect(await bucketKeys(svc.bucket)).toEqual([]);
    expect(await rows()).toEqual([]);

    svc.dbProxy.restore();
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    const ok = await upload(2);
    expect(ok.status).toBe(201);
    const id = ((await ok.json()) as { items: Array<{ id: string }> }).items[0]!.id;
    expect(await rows()).toEqual([{ id, status: 'ready' }]);
    expect(await bucketKeys(svc.bucket)).toEqual(imageKeys(id).sort());
  });

  test('database lost after the row was inserted and objects written: 503, and one sweep after it returns leaves no object without a row', async () => {
    const readyBefore = await rows();
    const keysBefore = await bucketKeys(svc.bucket);
    // The row is inserted before the first object is written: cutting the database when the store sees that
    // write makes every later statement (mark ready, the upload's own clean-up) fail.
    const stop = svc.s3Proxy.onClientData((chunk) => {
      if (/^PUT [^ ]*\/images\/[^ ]*\/original/m.test(chunk.toString('latin1'))) svc.dbProxy.cut('reset');
    });
    const failed = await upload(3);
    stop();
    expect((await expectProblem(failed, 503)).code).toBe('DATABASE_UNAVAILABLE');

    const pending = (await rows()).filter((r) => !readyBefore.some((b) => b.id === r.id));
    expect(pending).toEqual([{ id: expect.any(String), status: 'pending' }]);
    const written = (await bucketKeys(svc.bucket)).filter((k) => !keysBefore.includes(k));
    expect(written.length).toBeGreaterThan(0);
    expect(imageKeys(pending[0]!.id)).toEqual(expect.arrayContaining(written));

    svc.dbProxy.restore();
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    await svc.service.sweepNow();
    expect(await rows()).toEqual(readyBefore);
    expect(await bucketKeys(svc.bucket)).toEqual(keysBefore);
    expect(await queued()).toBe(0);
  });

  test('database lost while a track streams to the store: 503, and one sweep after it returns removes row and object', async ({ skip }) => {
    const doc = (await (await svc.call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    skip(!doc.paths['/v1/admin/music-sets/{id}/tracks']?.post, 'POST /v1/admin/music-sets/{id}/tracks is not served yet');
    const set = await svc.call('/v1/admin/music-sets', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ title: 'db outage' }),
      headers: { 'content-type': 'application/json' },
    });
    const setId = ((await set.json()) as { id: string }).id;
    const stop = svc.s3Proxy.onClientData((chunk) => {
      if (/^PUT [^ ]*\/tracks\/[^ ]*\/audio/m.test(chunk.toString('latin1'))) svc.dbProxy.cut('reset');
    });
    const form = new FormData();
    form.append('file', new Blob([makeWav({ seconds: 0.3, sampleRate: 8000, channels: 1 })]), 'cut.wav');
    const res = await svc.call(`/v1/admin/music-sets/${setId}/tracks`, { method: 'POST', token: admin, body: form });
    stop();
    expect((await expectProblem(res, 503)).code).toBe('DATABASE_UNAVAILABLE');
    const left = (await svc.db.pool.query<{ id: string; status: string }>('select id, status from media.tracks where set_id = $1', [setId])).rows;
    expect(left).toEqual([{ id: expect.any(String), status: 'uploading' }]);

    svc.dbProxy.restore();
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    await svc.service.sweepNow();
    expect((await svc.db.pool.query('select id from media.tracks where set_id = $1', [setId])).rows).toEqual([]);
    expect((await bucketKeys(svc.bucket)).filter((k) => k.startsWith('tracks/'))).toEqual([]);
    expect(await queued()).toBe(0);
  });

  test('a database that accepts connections but never answers reads as not ready within the probe timeout, then recovers', async () => {
    svc.dbProxy.cut('hold');
    try {
      const started = Date.now();
      expect((await expectProblem(await svc.call('/readyz'), 503)).code).toBe('DATABASE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      svc.dbProxy.restore();
    }
    await eventually(async () => (await svc.call('/readyz')).status === 200);
    expect((await upload(4)).status).toBe(201);
  });
});
