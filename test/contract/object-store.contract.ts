import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObjectStore } from '../../src/adapters/shared/object-store.ts';

export interface ObjectStoreCapabilities {
  /** Presigned URLs answer a plain `fetch` (memory:// URLs do not). */
  fetchableUrls: boolean;
  /** Expired and altered URLs are refused by whoever serves them. */
  verifiesSignatures: boolean;
  /** Completion checks each part's ETag and S3's 5 MiB minimum. */
  validatesCompletion: boolean;
  /** Completion refuses parts listed out of ascending order. */
  validatesPartOrder: boolean;
  listParts: boolean;
  abortMultipart: boolean;
  listMultipartUploads: boolean;
  /** The fixture can move the clock the store checks expiry against (`advanceClock`). */
  controllableClock: boolean;
  /** Lists keys in UTF-8 byte order, as S3 does (`a-1` < `a.txt` < `a/b`), and pages by it. */
  byteOrderListing: boolean;
}

export interface ObjectStoreFixture {
  store: ObjectStore;
  /** The store's notion of now, when the test controls it. */
  now?: () => Date;
  /** Moves the store's clock forward, when the test controls it. */
  advanceClock?: (seconds: number) => void;
  dispose?: () => Promise<void>;
}

const MiB = 1024 * 1024;

const read = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};

const chunked = (data: Buffer, size = 64 * 1024): Readable =>
  Readable.from(
    (function* () {
      for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
    })(),
  );

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const UNSAFE_KEYS = ['../x', 'a/../b', 'a/./b', '/abs', 'a//b', 'a/', '', 'a\\b', 'nul\u0000x', 'ctl\u0001x', '.hidden', 'a/.hidden'];

const MISSING: Record<keyof ObjectStoreCapabilities, string> = {
  fetchableUrls: 'its URLs are not HTTP-fetchable',
  verifiesSignatures: 'the server does not verify URL signatures',
  validatesCompletion: 'the server does not validate multipart completions',
  validatesPartOrder: 'the server accepts parts listed out of order',
  listParts: 'the server lacks ListParts',
  abortMultipart: 'the server lacks AbortMultipartUpload',
  listMultipartUploads: 'the server lacks ListMultipartUploads',
  controllableClock: "the test cannot move the server's clock",
  byteOrderListing: 'the server does not list keys in byte order',
};

/** Which entries of an S3 capability table (test/support/s3-capabilities.ts) stand behind each capability. */
const GAP_OF: Partial<Record<keyof ObjectStoreCapabilities, string[]>> = {
  verifiesSignatures: ['sigv4-verification'],
  validatesCompletion: ['multipart-validation'],
  validatesPartOrder: ['part-order-validation'],
  listParts: ['list-parts'],
  abortMultipart: ['abort-multipart'],
  listMultipartUploads: ['list-multipart-uploads'],
  byteOrderListing: ['list-order'],
};

/**
 * The one ObjectStore contract, run against every adapter. `factory` returns a fresh store
 * (fresh root or bucket); each test also works under its own random key prefix.
 */
export const objectStoreContract = (
  name: string,
  factory: () => Promise<ObjectStoreFixture>,
  capabilities: ObjectStoreCapabilities,
  /** The server's own reasons (its capability table), printed instead of the generic ones when given. */
  reasons: Partial<Record<string, string>> = {},
): void => {
  const reasonFor = (capability: keyof ObjectStoreCapabilities) =>
    Object.entries(reasons).find(([gap]) => GAP_OF[capability]?.includes(gap))?.[1] ?? MISSING[capability];
  /** A test that needs capabilities the store may lack: skipped when it does, and its name says why. */
  const needs = (...required: Array<keyof ObjectStoreCapabilities>) => {
    const missing = required.filter((capability) => !capabilities[capability]);
    return (title: string, body: () => Promise<void>) =>
      test.skipIf(missing.length > 0)(missing.length > 0 ? `${title} [not run: ${[...new Set(missing.map(reasonFor))].join('; ')}]` : title, body);
  };

  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ObjectStoreFixture;
    let store: ObjectStore;
    const now = () => fixture.now?.() ?? new Date();
    const prefix = () => `c-${randomUUID()}/`;
    const big = randomBytes(12 * MiB);

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.dispose?.();
    });

    describe('put, head, getStream', () => {
      test('a zero-byte body, streamed and as bytes', async () => {
        const p = prefix();
        const streamed = await store.put(`${p}empty-stream`, Readable.from([]), { contentType: 'application/octet-stream' });
        const bytes = await store.put(`${p}empty-bytes`, new Uint8Array(0), { contentType: 'text/plain', byteSize: 0 });
        expect(streamed.byteSize).toBe(0);
        expect(bytes.byteSize).toBe(0);
        const info = await store.head(`${p}empty-bytes`);
        expect(info).toMatchObject({ key: `${p}empty-bytes`, byteSize: 0, contentType: 'text/plain', etag: bytes.etag });
        const body = await store.getStream(`${p}empty-stream`);
        expect(body.range).toBeNull();
        expect((await read(body.stream)).length).toBe(0);
      });

      test('a small body keeps its bytes, content type and a quoted ETag', async () => {
        const key = `${prefix()}small.txt`;
        const data = Buffer.from('hello, object store');
        const put = await store.put(key, data, { contentType: 'text/plain; charset=utf-8' });
        expect(put).toEqual({ etag: expect.stringMatching(/^".+"$/), byteSize: data.length });
        const info = await store.head(key);
        expect(info.etag).toBe(put.etag);
        expect(info.contentType).toBe('text/plain; charset=utf-8');
        expect(info.lastModified).toBeInstanceOf(Date);
        const body = await store.getStream(key);
        expect(body.info.byteSize).toBe(data.length);
        expect((await read(body.stream)).equals(data)).toBe(true);
      });

      test('a 12 MiB body streamed without a declared size', async () => {
        const key = `${prefix()}big.bin`;
        const put = await store.put(key, chunked(big), { contentType: 'application/octet-stream' });
        expect(put.byteSize).toBe(big.length);
        expect((await store.head(key)).byteSize).toBe(big.length);
        expect(sha256(await read((await store.getStream(key)).stream))).toBe(sha256(big));
      });

      test('a second put replaces the object', async () => {
        const key = `${prefix()}replaced`;
        await store.put(key, Buffer.from('first'), { contentType: 'text/plain' });
        const second = await store.put(key, chunked(Buffer.from('second version')), { contentType: 'application/json' });
        const body = await store.getStream(key);
        expect(body.info).toMatchObject({ contentType: 'application/json', etag: second.etag, byteSize: 14 });
        expect((await read(body.stream)).toString()).toBe('second version');
      });

      test('a body shorter or longer than its declared byteSize is refused and not stored', async () => {
        const p = prefix();
        await expect(store.put(`${p}short`, chunked(Buffer.from('abc')), { contentType: 'text/plain', byteSize: 5 })).rejects.toThrow();
        await expect(store.put(`${p}long`, chunked(Buffer.from('abcdefg')), { contentType: 'text/plain', byteSize: 5 })).rejects.toThrow();
        await expect(store.head(`${p}short`)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
        await expect(store.head(`${p}long`)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
      });

      test('a missing object is ObjectNotFound for head and getStream', async () => {
        const key = `${prefix()}missing`;
        await expect(store.head(key)).rejects.toMatchObject({ reason: 'objectNotFound', code: 'OBJECT_NOT_FOUND' });
        await expect(store.getStream(key)).rejects.toMatchObject({ reason: 'objectNotFound' });
      });

      test('unsafe keys are rejected as InvalidObjectKey', async () => {
        for (const key of UNSAFE_KEYS) {
          await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), JSON.stringify(key)).rejects.toMatchObject({
            reason: 'invalidObjectKey',
          });
          await expect(store.head(key)).rejects.toMatchObject({ reason: 'invalidObjectKey' });
          await expect(store.presignGet(key, { ttlSeconds: 60 })).rejects.toMatchObject({ reason: 'invalidObjectKey' });
        }
        await expect(store.list('../', null, 10)).rejects.toMatchObject({ reason: 'invalidObjectKey' });
      });
    });

    describe('ranges', () => {
      const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
      let key: string;
      beforeAll(async () => {
        key = `${prefix()}range.bin`;
        await store.put(key, data, { contentType: 'application/octet-stream' });
      });

      test.each([
        ['bounded', { kind: 'bounded', start: 10, end: 19 }, 10, 19],
        ['bounded past the end', { kind: 'bounded', start: 90, end: 500 }, 90, 99],
        ['open', { kind: 'open', start: 95 }, 95, 99],
        ['suffix', { kind: 'suffix', length: 10 }, 90, 99],
        ['suffix longer than the object', { kind: 'suffix', length: 1000 }, 0, 99],
      ] as const)('%s', async (_label, range, start, end) => {
        const body = await store.getStream(key, range);
        expect(body.range).toEqual({ start, end });
        expect(body.info.byteSize).toBe(100);
        expect((await read(body.stream)).equals(data.subarray(start, end + 1))).toBe(true);
      });

      test.each([
        ['open at the size', { kind: 'open', start: 100 }],
        ['bounded after the end', { kind: 'bounded', start: 150, end: 160 }],
      ] as const)('unsatisfiable: %s', async (_label, range) => {
        await expect(store.getStream(key, range)).rejects.toMatchObject({ reason: 'rangeNotSatisfiable', facts: { byteSize: 100 } });
      });
    });

    describe('delete and list', () => {
      test('deleting many keys, some unknown, twice', async () => {
        const p = prefix();
        const keys = Array.from({ length: 25 }, (_, i) => `${p}k${String(i).padStart(2, '0')}`);
        await Promise.all(keys.map((key) => store.put(key, Buffer.from(key), { contentType: 'text/plain' })));
        const doomed = [...keys.slice(0, 20), `${p}unknown-1`, `${p}nested/unknown-2`];
        await store.delete(doomed);
        await store.delete(doomed);
        await store.delete([]);
        const left = await store.list(p, null, 100);
        expect(left.items.map((item) => item.key)).toEqual(keys.slice(20));
        await expect(store.head(keys[0]!)).rejects.toMatchObject({ reason: 'objectNotFound' });
      });

      const listsAcrossPages = async (names: string[]) => {
        const p = prefix();
        const keys = names.map((n) => `${p}${n}`);
        await Promise.all(keys.map((key, i) => store.put(key, Buffer.alloc(i + 1), { contentType: 'text/plain' })));
        const seen: string[] = [];
        const pageSizes: number[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.list(p, cursor, 3);
          pageSizes.push(page.items.length);
          seen.push(...page.items.map((item) => item.key));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(seen).toEqual([...keys].sort());
        expect(pageSizes.slice(0, -1).every((size) => size === 3)).toBe(true);
        return { p, keys };
      };

      test('list by prefix, in key order, across pages', async () => {
        const { p, keys } = await listsAcrossPages(['a/b', 'a/c/d', 'a/c/e', 'ab', 'b/z', 'c', 'd/e/f']);
        const partial = await store.list(`${p}a`, null, 100);
        expect(partial.items.map((item) => item.key)).toEqual(keys.filter((k) => k.startsWith(`${p}a`)).sort());
        const dir = await store.list(`${p}a/c/`, null, 100);
        expect(dir.items).toEqual([
          { key: `${p}a/c/d`, byteSize: 2, lastModified: expect.any(Date) },
          { key: `${p}a/c/e`, byteSize: 3, lastModified: expect.any(Date) },
        ]);
        expect((await store.list(`${p}nothing-here/`, null, 10)).items).toEqual([]);
      });

      needs('byteOrderListing')('keys with "-" and "." beside a "/" list and page in byte order', async () => {
        await listsAcrossPages(['a-1', 'a.txt', 'a/b', 'a/c/d', 'a/c/e', 'ab', 'b/z']);
      });
    });

    describe('presigned GET', () => {
      test('the same key and options give the identical URL within a window', async () => {
        const key = `${prefix()}same`;
        const before = now().getTime();
        const a = await store.presignGet(key, { ttlSeconds: 900 });
        const b = await store.presignGet(key, { ttlSeconds: 900 });
        const other = await store.presignGet(key, { ttlSeconds: 900, disposition: 'attachment' });
        expect(b).toEqual(a);
        expect(other.url).not.toBe(a.url);
        const left = (a.expiresAt.getTime() - before) / 1000;
        expect(left).toBeGreaterThanOrEqual(900 - 1);
        expect(left).toBeLessThanOrEqual(900 + 225 + 1);
      });

      needs('fetchableUrls')('plain fetch honours the URL, its range and its overrides', async () => {
        const key = `${prefix()}song.mp3`;
        const data = randomBytes(4096);
        await store.put(key, data, { contentType: 'audio/mpeg' });
        const plain = await fetch((await store.presignGet(key, { ttlSeconds: 300 })).url);
        expect(plain.status).toBe(200);
        expect(plain.headers.get('content-type')).toBe('audio/mpeg');
        expect(Buffer.from(await plain.arrayBuffer()).equals(data)).toBe(true);

        const disposition = `attachment; filename="Song (live).mp3"; filename*=UTF-8''Song%20%28live%29%20%F0%9F%8E%B5.mp3`;
        const { url } = await store.presignGet(key, { ttlSeconds: 300, disposition, contentType: 'application/octet-stream' });
        const ranged = await fetch(url, { headers: { Range: 'bytes=100-199' } });
        expect(ranged.status).toBe(206);
        expect(ranged.headers.get('content-range')).toBe('bytes 100-199/4096');
        expect(ranged.headers.get('content-disposition')).toBe(disposition);
        expect(ranged.headers.get('content-type')).toBe('application/octet-stream');
        expect(Buffer.from(await ranged.arrayBuffer()).equals(data.subarray(100, 200))).toBe(true);

        await store.delete([key]);
        expect((await fetch(url)).status).toBe(404);
      });

      needs('fetchableUrls', 'verifiesSignatures')('altered URLs are refused', async () => {
        const key = `${prefix()}guarded`;
        await store.put(key, Buffer.from('secret'), { contentType: 'text/plain' });
        const { url } = await store.presignGet(key, { ttlSeconds: 300 });
        expect((await fetch(url)).status).toBe(200);
        const parsed = new URL(url);
        const signatureParam = [...parsed.searchParams.keys()].find((k) => /signature/i.test(k))!;
        const altered = [
          (u: URL) =>
            u.searchParams.set(
              signatureParam,
              u.searchParams.get(signatureParam)!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
            ),
          (u: URL) => (u.pathname = `${u.pathname}x`),
          (u: URL) => u.searchParams.append('response-content-type', 'text/html'),
        ];
        for (const alter of altered) {
          const copy = new URL(url);
          alter(copy);
          expect((await fetch(copy)).status, copy.toString()).toBe(403);
        }
      });

      needs(
        'fetchableUrls',
        'verifiesSignatures',
        'controllableClock',
      )('an expired URL is refused', async () => {
        const key = `${prefix()}fleeting`;
        await store.put(key, Buffer.from('soon gone'), { contentType: 'text/plain' });
        const { url, expiresAt } = await store.presignGet(key, { ttlSeconds: 60 });
        expect((await fetch(url)).status).toBe(200);
        // The fixture's clock runs on real time too: leave a whole second either side of the expiry, or a slow
        // machine crosses it between the advance and the fetch.
        fixture.advanceClock!(Math.floor((expiresAt.getTime() - now().getTime()) / 1000) - 1);
        expect((await fetch(url)).status).toBe(200);
        fixture.advanceClock!(3);
        const refused = await fetch(url);
        expect(refused.status).toBe(403);
        expect(await refused.text()).toMatch(/SIGNATURE_EXPIRED|expired/i);
      });
    });

    describe('multipart', () => {
      const partOne = randomBytes(5 * MiB);
      const partTwo = randomBytes(1024);

      const putPart = async (key: string, uploadId: string, partNumber: number, bytes: Buffer) => {
        const { url } = await store.presignPart(key, uploadId, partNumber, { ttlSeconds: 300, byteSize: bytes.length });
        const response = await fetch(url, { method: 'PUT', body: bytes });
        expect(response.status).toBe(200);
        const etag = response.headers.get('etag');
        expect(etag).toMatch(/^".+"$/);
        return etag!;
      };

      needs('fetchableUrls')('start, PUT parts to presigned URLs, list, complete', async () => {
        const key = `${prefix()}track/audio`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
        const etag2 = await putPart(key, uploadId, 2, partTwo);
        const etag1 = await putPart(key, uploadId, 1, partOne);
        if (capabilities.listParts) {
          expect(await store.listParts(key, uploadId)).toEqual([
            { partNumber: 1, etag: etag1, size: partOne.length },
            { partNumber: 2, etag: etag2, size: partTwo.length },
          ]);
        }
        const done = await store.completeMultipart(key, uploadId, [
          { partNumber: 1, etag: etag1 },
          { partNumber: 2, etag: etag2 },
        ]);
        const info = await store.head(key);
        expect(info).toMatchObject({ byteSize: partOne.length + partTwo.length, contentType: 'audio/wav', etag: done.etag });
        const whole = await read((await store.getStream(key)).stream);
        expect(whole.equals(Buffer.concat([partOne, partTwo]))).toBe(true);
        if (capabilities.listMultipartUploads) {
          const open = await store.listMultipartUploads(new Date(now().getTime() + 3600_000));
          expect(open.map((u) => u.uploadId)).not.toContain(uploadId);
        }
      });

      needs('fetchableUrls', 'validatesCompletion')(
        'completion refuses a wrong ETag and a small non-final part; an unknown upload is UploadNotFound',
        async () => {
          const key = `${prefix()}bad/audio`;
          const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
          const etag1 = await putPart(key, uploadId, 1, partTwo);
          const etag2 = await putPart(key, uploadId, 2, partTwo);
          const wrong = `"${'0'.repeat(32)}"`;
          const refused = { code: 'UPLOAD_CONFLICT' };
          await expect(store.completeMultipart(key, uploadId, [{ partNumber: 1, etag: wrong }])).rejects.toMatchObject(refused);
          // Both ETags right and in order: only the 1 KiB first part is wrong (S3 wants 5 MiB for all but the last).
          await expect(
            store.completeMultipart(key, uploadId, [
              { partNumber: 1, etag: etag1 },
              { partNumber: 2, etag: etag2 },
            ]),
          ).rejects.toMatchObject(refused);
          await expect(store.completeMultipart(`${prefix()}x`, '0'.repeat(32), [{ partNumber: 1, etag: etag1 }])).rejects.toMatchObject({
            code: 'UPLOAD_NOT_FOUND',
          });
          if (capabilities.abortMultipart) await store.abortMultipart(key, uploadId);
        },
      );

      needs('fetchableUrls', 'validatesPartOrder')('completion refuses parts listed out of order, and completes once they are in order', async () => {
        const key = `${prefix()}order/audio`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
        // Every part at S3's 5 MiB minimum, so nothing but the order can make the completion fail.
        const partThree = randomBytes(5 * MiB);
        const etag1 = await putPart(key, uploadId, 1, partOne);
        const etag2 = await putPart(key, uploadId, 2, partThree);
        const etag3 = await putPart(key, uploadId, 3, partTwo);
        await expect(
          store.completeMultipart(key, uploadId, [
            { partNumber: 2, etag: etag2 },
            { partNumber: 1, etag: etag1 },
            { partNumber: 3, etag: etag3 },
          ]),
        ).rejects.toMatchObject({ code: 'UPLOAD_CONFLICT' });
        await store.completeMultipart(key, uploadId, [
          { partNumber: 1, etag: etag1 },
          { partNumber: 2, etag: etag2 },
          { partNumber: 3, etag: etag3 },
        ]);
        expect((await store.head(key)).byteSize).toBe(partOne.length + partThree.length + partTwo.length);
      });

      needs('fetchableUrls', 'abortMultipart')('completing an aborted upload is UploadNotFound', async () => {
        const key = `${prefix()}gone/audio`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
        const etag1 = await putPart(key, uploadId, 1, partTwo);
        await store.abortMultipart(key, uploadId);
        await expect(store.completeMultipart(key, uploadId, [{ partNumber: 1, etag: etag1 }])).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
        await expect(store.head(key)).rejects.toMatchObject({ reason: 'objectNotFound' });
      });

      needs(
        'fetchableUrls',
        'abortMultipart',
        'listParts',
      )('abort leaves no upload behind and is idempotent', async () => {
        const key = `${prefix()}aborted/audio`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/flac' });
        await putPart(key, uploadId, 1, partTwo);
        expect(await store.listParts(key, uploadId)).toHaveLength(1);
        await store.abortMultipart(key, uploadId);
        await store.abortMultipart(key, uploadId);
        await expect(store.listParts(key, uploadId)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
        await expect(store.head(key)).rejects.toMatchObject({ reason: 'objectNotFound' });
      });

      needs('listMultipartUploads')('listMultipartUploads(olderThan)', async () => {
        const key = `${prefix()}pending/audio`;
        const started = now().getTime();
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/mpeg' });
        const later = await store.listMultipartUploads(new Date(started + 3600_000));
        const mine = later.find((u) => u.uploadId === uploadId);
        expect(mine).toEqual({ key, uploadId, initiated: expect.any(Date) });
        expect(Math.abs(mine!.initiated.getTime() - started)).toBeLessThan(60_000);
        const earlier = await store.listMultipartUploads(new Date(started - 3600_000));
        expect(earlier.map((u) => u.uploadId)).not.toContain(uploadId);
        if (capabilities.abortMultipart) await store.abortMultipart(key, uploadId);
      });

      test('part numbers outside 1..10000 are refused', async () => {
        const key = `${prefix()}numbers`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/mpeg' });
        await expect(store.presignPart(key, uploadId, 0, { ttlSeconds: 60, byteSize: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(store.presignPart(key, uploadId, 10_001, { ttlSeconds: 60, byteSize: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        if (capabilities.abortMultipart) await store.abortMultipart(key, uploadId);
      });

      needs('fetchableUrls', 'listParts')('a completion outside the planned bounds assembles nothing', async () => {
        const key = `${prefix()}bounded/audio`;
        const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
        const parts = [
          { partNumber: 1, etag: await putPart(key, uploadId, 1, partOne) },
          { partNumber: 2, etag: await putPart(key, uploadId, 2, partTwo) },
        ];
        const total = partOne.length + partTwo.length;
        await expect(store.completeMultipart(key, uploadId, parts, { byteSize: total + 1, partSize: 5 * MiB })).rejects.toMatchObject({
          code: 'UPLOAD_CONFLICT',
          reason: 'uploadSizeMismatch',
        });
        await expect(store.completeMultipart(key, uploadId, parts, { byteSize: total - 1, partSize: 5 * MiB })).rejects.toMatchObject({
          code: 'PAYLOAD_TOO_LARGE',
        });
        await expect(store.head(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
        await store.completeMultipart(key, uploadId, parts, { byteSize: total, partSize: 5 * MiB });
        expect((await store.head(key)).byteSize).toBe(total);
        if (capabilities.abortMultipart) await store.abortMultipart(key, uploadId);
      });
    });

    test('ping answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
};
