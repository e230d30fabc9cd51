import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageKeys, trackKey } from '../../src/domain/object-keys.ts';
import { makeWav, wavHeader } from '../support/audio-fixtures.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { imageForm } from './http-helpers.ts';
import { bucketKeys, eventually, startProxiedService, type ProxiedService } from './proxied-service.ts';
import { filePart, multipartBytes } from './raw-http.ts';

describe('races between uploads, deletes and reorders keep every invariant', () => {
  let svc: ProxiedService;
  let admin: string;

  beforeAll(async () => {
    svc = await startProxiedService({ RATE_LIMIT_UPLOADS_PER_MINUTE: '100000', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' });
    admin = await svc.tokens.admin('admin-races');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const json = (method: string, path: string, body?: unknown) =>
    svc.call(path, { method, token: admin, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const hasRoute = async (method: string, path: string) => {
    const doc = (await (await svc.call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    return doc.paths[path]?.[method] !== undefined;
  };

  /** No object without a row, no row without its objects, nothing half-done left after one sweep. */
  const expectConsistentAfterSweep = async () => {
    await svc.service.sweepNow();
    const q = async (sql: string) => (await svc.db.pool.query(sql)).rows;
    const images = (await q('select id, status from media.images')) as Array<{ id: string; status: string }>;
    const tracks = (await q('select id, status from media.tracks')) as Array<{ id: string; status: string }>;
    expect([...images, ...tracks].filter((r) => r.status !== 'ready')).toEqual([]);
    expect(await bucketKeys(svc.bucket)).toEqual([...images.flatMap((r) => imageKeys(r.id)), ...tracks.map((r) => trackKey(r.id))].sort());
    expect(await q('select key from media.object_deletions')).toEqual([]);
  };

  test('an image deleted between its row and its derivatives being written is gone everywhere', async () => {
    let deleted: number | null = null;
    // Hold the thumbnail write until the admin's DELETE of the pending image has answered.
    const stop = svc.s3Proxy.onClientData(async (chunk) => {
      if (deleted !== null || !/^PUT [^ ]*\/images\/[^ ]*\/thumbnail\.webp/m.test(chunk.toString('latin1'))) return;
      deleted = 0;
      const [row] = (await svc.db.pool.query<{ id: string }>("select id from media.images where status = 'pending'")).rows;
      deleted = (await json('DELETE', `/v1/admin/images/${row!.id}`)).status;
    });
    const res = await svc.call('/v1/admin/images', {
      method: 'POST',
      token: admin,
      body: imageForm([{ bytes: await makeImage('png', 70, 50), name: 'race.png' }]),
    });
    stop();
    expect(deleted).toBe(204);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { failed: Array<{ code: string }> }).failed.map((f) => f.code)).toEqual(['IMAGE_NOT_FOUND']);
    await expectConsistentAfterSweep();
  });

  test('parallel uploads of identical bytes make one image with one set of objects', async () => {
    const bytes = await makeImage('jpeg', 90, 60);
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const res = await svc.call('/v1/admin/images', { method: 'POST', token: admin, body: imageForm([{ bytes, name: 'same.jpg' }]) });
        expect(res.status).toBe(201);
        return ((await res.json()) as { items: Array<{ id: string }> }).items[0]!.id;
      }),
    );
    expect(new Set(answers).size).toBe(1);
    await expectConsistentAfterSweep();
  });

  test('uploads racing deletes of the same images leave no orphan', async () => {
    const uploads = Array.from({ length: 6 }, async (_, n) => {
      const res = await svc.call('/v1/admin/images', {
        method: 'POST',
        token: admin,
        body: imageForm([{ bytes: await makeImage('png', 20 + n, 20), name: `r${n}.png` }]),
      });
      return res.status;
    });
    const deleter = (async () => {
      let deletes = 0;
      for (let round = 0; round < 40; round++) {
        const rows = (await svc.db.pool.query<{ id: string }>('select id from media.images')).rows;
        await Promise.all(rows.map(async (r) => (deletes += (await json('DELETE', `/v1/admin/images/${r.id}`)).status === 204 ? 1 : 0)));
      }
      return deletes;
    })();
    const statuses = await Promise.all(uploads);
    await deleter;
    for (const s of statuses) expect([201, 422]).toContain(s);
    await expectConsistentAfterSweep();
  });

  test('a track deleted while its bytes are still streaming in leaves nothing behind', async ({ skip }) => {
    skip(!(await hasRoute('post', '/v1/admin/music-sets/{id}/tracks')), 'POST /v1/admin/music-sets/{id}/tracks is not served yet');
    const setId = ((await (await json('POST', '/v1/admin/music-sets', { title: `race ${randomUUID()}` })).json()) as { id: string }).id;
    const boundary = `b${randomUUID()}`;
    const head = multipartBytes(boundary, [filePart('race.wav', new Uint8Array(0), 'audio/wav')], { close: false }).subarray(0, -2);
    const samples = 64 * 1024;
    const out = request(`${svc.url}/v1/admin/music-sets/${setId}/tracks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const answer = new Promise<number>((resolve, reject) => {
      out.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      out.on('error', reject);
    });
    out.write(head);
    out.write(wavHeader(samples * 2, { sampleRate: 8000, channels: 1 }));
    out.write(new Uint8Array(samples));
    await eventually(async () => (await svc.db.pool.query("select 1 from media.tracks where set_id = $1 and status = 'uploading'", [setId])).rows.length === 1);
    const [{ id }] = (await svc.db.pool.query<{ id: string }>('select id from media.tracks where set_id = $1', [setId])).rows as [{ id: string }];
    const del = await json('DELETE', `/v1/admin/tracks/${id}`);
    out.end(Buffer.concat([Buffer.from(new Uint8Array(samples)), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    expect(del.status).toBe(204);
    expect(await answer).toBe(409);
    await expectConsistentAfterSweep();
  });

  test('concurrent reorders and deletes keep positions 1..n without gaps or duplicates', async ({ skip }) => {
    skip(!(await hasRoute('post', '/v1/admin/music-sets/{id}/tracks')), 'POST /v1/admin/music-sets/{id}/tracks is not served yet');
    const setId = ((await (await json('POST', '/v1/admin/music-sets', { title: `reorder ${randomUUID()}` })).json()) as { id: string }).id;
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) {
      const form = new FormData();
      form.append('file', new Blob([makeWav({ seconds: 0.05 + n * 0.01, sampleRate: 8000, channels: 1 })]), `t${n}.wav`);
      const res = await svc.call(`/v1/admin/music-sets/${setId}/tracks`, { method: 'POST', token: admin, body: form });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const statuses = await Promise.all([
      ...ids.map((id, n) => json('PATCH', `/v1/admin/tracks/${id}`, { position: ((n * 7) % 6) + 1 }).then((r) => r.status)),
      json('DELETE', `/v1/admin/tracks/${ids[2]}`).then((r) => r.status),
      json('PATCH', `/v1/admin/tracks/${ids[4]}`, { position: 1 }).then((r) => r.status),
    ]);
    // 400: a position beyond the set's current size once the concurrent delete has landed.
    for (const s of statuses) expect([200, 204, 400, 404, 409]).toContain(s);
    const positions = (
      await svc.db.pool.query<{ position: number }>('select position from media.tracks where set_id = $1 order by position', [setId])
    ).rows.map((r) => r.position);
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    expect(positions.length).toBe(5);
    await expectConsistentAfterSweep();
  });
});
