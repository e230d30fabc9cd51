import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { imageKeys, trackKey } from '../../src/domain/object-keys.ts';
import { wavHeader } from '../support/audio-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { s3CredentialEnv, testOnStore, testS3Client } from '../support/s3-test-client.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { tokenMint } from '../support/tokens.ts';
import { imageForm } from './http-helpers.ts';
import { eventually } from './proxied-service.ts';
import { filePart, multipartBytes, rawRequest } from './raw-http.ts';
import { runCli, serviceEnv, startServiceProcess, type ServiceProcess } from './service-process.ts';

// Each test starts real service processes (several seconds each on a 2-core machine) and runs the CLI.
describe.each(['fs', 's3'] as const)(
  'a service process on the %s store killed with SIGKILL mid-upload: after a restart and one sweep the store and the database agree',
  { timeout: 120_000 },
  (kind) => {
    let db: TestDatabase;
    let proxy: TcpProxy;
    let dataDir: string;
    let env: Record<string, string>;
    let store: ObjectStore;
    let dispose: () => void = () => undefined;
    // What the sweep needs of S3 to find and abort what a killed process left open.
    const crashTest = testOnStore(kind, 'list-multipart-uploads', 'abort-multipart');
    const processes: ServiceProcess[] = [];
    const tokens = tokenMint();

    beforeEach(async () => {
      db = await createTestDatabase({ migrate: false });
      const u = new URL(db.url);
      proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port) });
      dataDir = await mkdtemp(join(tmpdir(), 'media-crash-'));
      if (kind === 'fs') {
        env = serviceEnv(dataDir, proxy.rewrite(db.url));
        store = new FsObjectStore({ root: join(dataDir, 'objects'), publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'x'.repeat(32) });
        return;
      }
      const bucket = `crash-${randomUUID()}`;
      const client = testS3Client();
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      store = new S3ObjectStore({ client, bucket });
      dispose = () => client.destroy();
      env = serviceEnv(dataDir, proxy.rewrite(db.url), {
        STORAGE_DRIVER: 's3',
        S3_BUCKET: bucket,
        S3_ENDPOINT: inject('s3Endpoint'),
        S3_FORCE_PATH_STYLE: 'true',
        ...s3CredentialEnv(),
      });
    });
    afterEach(async () => {
      for (const p of processes.splice(0)) await p.kill9();
      proxy.restore();
      await proxy.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
      dispose();
    });

    const start = async () => {
      const p = await startServiceProcess(env);
      processes.push(p);
      return p;
    };
    const call = (p: ServiceProcess, path: string, init: RequestInit & { token: string }) => {
      const { token, ...rest } = init;
      return fetch(`${p.url}${path}`, { ...rest, headers: { ...Object.fromEntries(new Headers(rest.headers)), authorization: `Bearer ${token}` } });
    };
    const keys = async () => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.list('', cursor, 1000);
        out.push(...page.items.map((o) => o.key));
        cursor = page.nextCursor;
      } while (cursor);
      return out.sort();
    };
    const hasTable = async (name: string) => Boolean((await db.pool.query('select to_regclass($1) as t', [name])).rows[0].t);

    /** The invariant of ARCHITECTURE.md: no object without a row, no row without its objects, nothing half-done left. */
    const expectConsistent = async () => {
      const images = (await db.pool.query<{ id: string; status: string }>('select id, status from media.images')).rows;
      const tracks = (await hasTable('media.tracks')) ? (await db.pool.query<{ id: string; status: string }>('select id, status from media.tracks')).rows : [];
      expect(images.filter((r) => r.status !== 'ready')).toEqual([]);
      expect(tracks.filter((r) => r.status !== 'ready')).toEqual([]);
      const expected = [...images.flatMap((r) => imageKeys(r.id)), ...tracks.map((r) => trackKey(r.id))].sort();
      expect(await keys()).toEqual(expected);
      expect(Number((await db.pool.query('select count(*)::int as n from media.object_deletions')).rows[0].n)).toBe(0);
      if (await hasTable('media.upload_sessions'))
        expect(Number((await db.pool.query('select count(*)::int as n from media.upload_sessions')).rows[0].n)).toBe(0);
      expect(await store.listMultipartUploads(new Date(Date.now() + 60_000))).toEqual([]);
      return { images, tracks };
    };

    const restartAndSweep = async () => {
      proxy.restore();
      const next = await start();
      const swept = await runCli('sweep', { ...env, ORPHAN_GRACE_SECONDS: '0' });
      expect(swept.code, swept.output).toBe(0);
      return next;
    };

    // On S3 the sweep of objects without a row is proven by the store-outage suite; once here, on fs, is enough.
    test.runIf(kind === 'fs')("killed between writing an image's objects and marking it ready (run on fs only: store-outage covers S3)", async () => {
      const admin = await tokens.admin('admin-crash');
      const first = await start();
      const kept = await call(first, '/v1/admin/images', {
        method: 'POST',
        token: admin,
        body: imageForm([{ bytes: await makeImage('png', 30, 30), name: 'kept.png' }]),
      });
      expect(kept.status).toBe(201);
      const keptId = ((await kept.json()) as { items: Array<{ id: string }> }).items[0]!.id;

      // The ready mark is the last statement of an upload: kill the process the moment it is sent, and drop it.
      const stop = proxy.onClientData((chunk) => {
        if (chunk.toString('latin1').includes("SET status = 'ready'")) {
          proxy.cut('reset');
          first.child.kill('SIGKILL');
        }
      });
      const lost = await call(first, '/v1/admin/images', {
        method: 'POST',
        token: admin,
        body: imageForm([{ bytes: await makeImage('jpeg', 64, 48), name: 'lost.jpg' }]),
      }).catch(() => 'killed');
      stop();
      expect(lost).toBe('killed');
      expect(await first.exited).toBe(null);

      const pending = (await db.pool.query<{ id: string }>("select id from media.images where status = 'pending'")).rows;
      expect(pending).toHaveLength(1);
      expect(await keys()).toEqual([...imageKeys(keptId), ...imageKeys(pending[0]!.id)].sort());

      const second = await restartAndSweep();
      const { images } = await expectConsistent();
      expect(images.map((r) => r.id)).toEqual([keptId]);
      const again = await call(second, '/v1/admin/images', {
        method: 'POST',
        token: admin,
        body: imageForm([{ bytes: await makeImage('jpeg', 64, 48), name: 'again.jpg' }]),
      });
      expect(again.status).toBe(201);
      await expectConsistent();
    });

    // The store sees nothing of a body cut short before its first file is whole: once, on fs, is enough.
    test.runIf(kind === 'fs')('killed while an image body is still streaming in (run on fs only: no S3 call differs)', async () => {
      const admin = await tokens.admin('admin-crash');
      const first = await start();
      const boundary = `b${randomUUID()}`;
      const whole = multipartBytes(boundary, [filePart('a.png', await makeImage('png', 200, 200)), filePart('b.png', await makeImage('png', 210, 200))]);
      const second = whole.indexOf(Buffer.from(`--${boundary}`), 10);
      const out = request(`${first.url}/v1/admin/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      const failed = new Promise((resolve) => out.on('error', resolve));
      out.write(whole.subarray(0, second + 200));
      // The first file is whole and gets stored while the request stays open.
      await eventually(async () => Number((await db.pool.query("select count(*)::int as n from media.images where status = 'ready'")).rows[0].n) === 1);
      await first.kill9();
      await failed;

      await restartAndSweep();
      await expectConsistent();
    });

    /** Starts a track upload whose body stays open, and resolves once its row exists and its bytes are landing in the store (a temp file, an open S3 upload). */
    const streamTrackUntilWriting = async (p: ServiceProcess, admin: string) => {
      const set = await call(p, '/v1/admin/music-sets', {
        method: 'POST',
        token: admin,
        body: JSON.stringify({ title: 'crash' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(set.status).toBe(201);
      const setId = ((await set.json()) as { id: string }).id;
      const boundary = `b${randomUUID()}`;
      const head = multipartBytes(boundary, [filePart('long.wav', new Uint8Array(0), 'audio/wav')], { close: false }).subarray(0, -2);
      const out = request(`${p.url}/v1/admin/music-sets/${setId}/tracks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      const failed = new Promise((resolve) => out.on('error', resolve));
      out.write(head);
      out.write(wavHeader(100 * 1024 * 1024, { sampleRate: 44_100, channels: 2 }));
      out.write(new Uint8Array(256 * 1024).fill(7));
      await eventually(async () => Number((await db.pool.query("select count(*)::int as n from media.tracks where status = 'uploading'")).rows[0].n) === 1);
      if (kind === 'fs') {
        out.write(new Uint8Array(256 * 1024).fill(9));
        await eventually(async () => (await tempFiles()).length > 0);
      } else {
        // The S3 store streams through multipart parts of 8 MiB: more than one part, so an upload is open on S3.
        out.write(new Uint8Array(9 * 1024 * 1024).fill(9));
        await eventually(async () => (await store.listMultipartUploads(new Date(Date.now() + 60_000))).length > 0);
      }
      // Wrapped: an async function returning the promise itself would wait for it.
      return { failed };
    };
    const tempFiles = () => readdir(join(dataDir, 'objects', '.tmp')).catch(() => [] as string[]);

    crashTest('killed while a track streams through POST …/tracks', async () => {
      const admin = await tokens.admin('admin-crash');
      const first = await start();
      const { failed } = await streamTrackUntilWriting(first, admin);
      await first.kill9();
      await failed;

      await restartAndSweep();
      await expectConsistent();
    });

    // The fs store writes into DATA_DIR/objects/.tmp and renames; a process killed mid-write leaves its temp file,
    // which is no key at all: the sweep purges it once untouched for the grace period, or the disk fills up.
    test.runIf(kind === 'fs')('the temp file of a killed streaming upload is removed by the next sweep (fs only: S3 keeps no temp files)', async () => {
      const admin = await tokens.admin('admin-crash');
      const first = await start();
      const { failed } = await streamTrackUntilWriting(first, admin);
      await first.kill9();
      await failed;
      proxy.restore();
      const swept = await runCli('sweep', { ...env, ORPHAN_GRACE_SECONDS: '0' });
      expect(swept.code, swept.output).toBe(0);
      expect(await tempFiles()).toEqual([]);
    });

    crashTest('killed in the middle of a direct multipart upload (a part half-sent, one part complete)', async () => {
      const admin = await tokens.admin('admin-crash');
      const first = await start();
      const set = await call(first, '/v1/admin/music-sets', {
        method: 'POST',
        token: admin,
        body: JSON.stringify({ title: 'direct' }),
        headers: { 'content-type': 'application/json' },
      });
      const setId = ((await set.json()) as { id: string }).id;
      const byteSize = 12 * 1024 * 1024;
      const started = await call(first, `/v1/admin/music-sets/${setId}/uploads`, {
        method: 'POST',
        token: admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filename: 'big.wav', contentType: 'audio/wav', byteSize }),
      });
      expect(started.status, await started.clone().text()).toBe(201);
      const { uploadId, partSize, partCount } = (await started.json()) as { uploadId: string; partSize: number; partCount: number };
      expect(partCount).toBeGreaterThan(1);
      const signed = await call(first, `/v1/admin/uploads/${encodeURIComponent(uploadId)}/parts`, {
        method: 'POST',
        token: admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partNumbers: [1, 2] }),
      });
      expect(signed.status).toBe(200);
      const { parts } = (await signed.json()) as { parts: Array<{ partNumber: number; url: string }> };
      const part1 = new Uint8Array(partSize);
      part1.set(wavHeader(byteSize - 44, { sampleRate: 44_100, channels: 2 }));
      const put1 = await fetch(parts[0]!.url, { method: 'PUT', body: part1 });
      expect(put1.status).toBe(200);

      const u = new URL(parts[1]!.url);
      const out = request(u, { method: 'PUT', headers: { 'content-length': String(partSize) } });
      const failed = new Promise((resolve) => out.on('error', resolve));
      await new Promise<void>((resolve) => out.write(new Uint8Array(partSize / 2), () => resolve()));
      await first.kill9();
      // On S3 the part goes to the S3 server, which outlives the service and keeps waiting: the browser gives up.
      if (kind === 's3') out.destroy(new Error('the uploader gave up'));
      await failed;

      await restartAndSweep();
      await expectConsistent();
      const listed = await rawRequest(processes.at(-1)!.url, {
        method: 'GET',
        path: `/v1/admin/uploads/${encodeURIComponent(uploadId)}/parts`,
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(listed.status).toBe(404);
    });

    // busboy destroys the open file stream with "Unexpected end of form" when a body ends inside a file part,
    // before the use case reads it: an unhandled stream error would take the process down.
    test.runIf(kind === 'fs')(
      'a multipart body that ends inside a file part is a 400, and the process survives it (run on fs only: the store is never reached)',
      async () => {
        const admin = await tokens.admin('admin-crash');
        const first = await start();
        const boundary = `b${randomUUID()}`;
        const body = multipartBytes(boundary, [filePart('a.bin', Buffer.from('not closed'))], { close: false });
        const res = await rawRequest(first.url, {
          method: 'POST',
          path: '/v1/admin/images',
          body,
          headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        }).catch((error: unknown) => ({ status: 0, error }));
        const health = await fetch(`${first.url}/healthz`)
          .then((r) => r.status)
          .catch(() => 0);
        expect({ status: res.status, health, exitCode: first.child.exitCode }).toEqual({ status: 400, health: 200, exitCode: null });
      },
    );
  },
);
