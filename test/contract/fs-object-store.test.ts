import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { startObjectsRouteServer } from '../support/objects-route-server.ts';
import { testClock } from '../support/test-clock.ts';
import { objectStoreContract } from './object-store.contract.ts';

const freshRoot = () => mkdtemp(join(tmpdir(), 'fs-store-'));

objectStoreContract(
  'fs, served by the objects route',
  async () => {
    const clock = testClock();
    const root = await freshRoot();
    const server = await startObjectsRouteServer();
    const store = new FsObjectStore({ root, publicBaseUrl: server.baseUrl, signingSecret: 'fs-contract-secret-0123456789', clock: clock.now });
    server.mount(store);
    return {
      store,
      now: clock.now,
      advanceClock: clock.advance,
      dispose: async () => {
        await server.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
  {
    fetchableUrls: true,
    verifiesSignatures: true,
    validatesCompletion: true,
    validatesPartOrder: true,
    listParts: true,
    abortMultipart: true,
    listMultipartUploads: true,
    controllableClock: true,
    byteOrderListing: true,
  },
);

describe('fs store on disk', () => {
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();
  };

  test('an interrupted put leaves neither the object nor a temp file', async () => {
    const root = await freshRoot();
    const store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789' });
    await store.put('a/b', Buffer.from('old'), { contentType: 'text/plain' });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('a/b', failing, { contentType: 'text/plain' })).rejects.toThrow();
    expect((await store.head('a/b')).byteSize).toBe(3);
    expect(await walk(root)).toEqual(['a/.b.meta.json', 'a/b']);
    await store.delete(['a/b']);
    expect(await walk(root)).toEqual([]);
    expect((await readdir(root)).filter((name) => !name.startsWith('.'))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });

  test('a key whose parent is an object is refused rather than clobbering it', async () => {
    const root = await freshRoot();
    const store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789' });
    await store.put('x', Buffer.from('file'), { contentType: 'text/plain' });
    await expect(store.put('x/y', Buffer.from('nested'), { contentType: 'text/plain' })).rejects.toMatchObject({ reason: 'invalidObjectKey' });
    expect((await store.head('x')).byteSize).toBe(4);
    await rm(root, { recursive: true, force: true });
  });

  test('temp files a crashed process left more than a day ago are swept on the first write', async () => {
    const root = await freshRoot();
    await mkdir(join(root, '.tmp'), { recursive: true });
    const stale = join(root, '.tmp', 'crashed-write');
    const fresh = join(root, '.tmp', 'write-in-flight');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'half');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);
    const store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789' });
    await store.put('k', Buffer.from('v'), { contentType: 'text/plain' });
    await expect.poll(() => readdir(join(root, '.tmp')), { timeout: 2000 }).toEqual(['write-in-flight']);
    await rm(root, { recursive: true, force: true });
  });

  test('an unreadable root is StoreUnavailable for ping', async () => {
    const root = await freshRoot();
    const blocker = join(root, 'file-not-dir');
    const first = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789' });
    await first.put('file-not-dir', Buffer.from('x'), { contentType: 'text/plain' });
    const store = new FsObjectStore({ root: join(blocker, 'objects'), publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789' });
    await expect(store.ping()).rejects.toMatchObject({ reason: 'storeUnavailable' });
    await rm(root, { recursive: true, force: true });
  });

  test('the presigned URL memo holds at most presignCacheEntries URLs', async () => {
    const root = await freshRoot();
    const store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:1', signingSecret: 'fs-disk-secret-0123456789', presignCacheEntries: 2 });
    for (const key of ['a', 'b', 'c', 'd']) await store.presignGet(key, { ttlSeconds: 60 });
    expect(store.presignStats().size).toBe(2);
    await rm(root, { recursive: true, force: true });
  });
});

describe('fs store: partial writes left by a crashed process', () => {
  test('purgeIncomplete removes temp files untouched since the cutoff and keeps fresh ones and objects', async () => {
    const root = await freshRoot();
    try {
      const store = new FsObjectStore({ root, publicBaseUrl: 'http://127.0.0.1:9', signingSecret: 'fs-purge-secret-0123456789abcdef' });
      await store.put('tracks/kept/audio', new Uint8Array([1, 2, 3]), { contentType: 'audio/wav' });
      await mkdir(join(root, '.tmp'), { recursive: true });
      await writeFile(join(root, '.tmp', 'abandoned'), 'half a track');
      await writeFile(join(root, '.tmp', 'in-flight'), 'still being written');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
      await utimes(join(root, '.tmp', 'abandoned'), twoHoursAgo, twoHoursAgo);
      expect(await store.purgeIncomplete(new Date(Date.now() - 3600 * 1000))).toBe(1);
      expect(await readdir(join(root, '.tmp'))).toEqual(['in-flight']);
      expect((await store.head('tracks/kept/audio')).byteSize).toBe(3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
