import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { ObjectStorage } from '../../../../src/application/ports/object-storage.port.ts';
import type { RateLimiter } from '../../../../src/application/ports/rate-limiter.port.ts';
import { storeUnavailable } from '../../../../src/domain/errors/storage.errors.ts';
import { KeysetCursors } from '../../../../src/application/shared/cursor.ts';
import { GetImage } from '../../../../src/application/use-cases/images/browse/get-image.use-case.ts';
import { ListImages } from '../../../../src/application/use-cases/images/browse/list-images.use-case.ts';
import type { ImageUrlSigner } from '../../../../src/application/use-cases/images/image-presenter.ts';
import { DeleteImage } from '../../../../src/application/use-cases/images/manage/delete-image.use-case.ts';
import { UpdateImage } from '../../../../src/application/use-cases/images/manage/update-image.use-case.ts';
import { UploadImages, type ImageFields, type IncomingImageFile } from '../../../../src/application/use-cases/images/manage/upload-images.use-case.ts';
import { FileTypeMediaInspector } from '../../../../src/adapters/media/file-type-media-inspector.ts';
import { SharpImageProcessor } from '../../../../src/adapters/media/sharp-image-processor.ts';
import { MemoryDeletionQueue } from '../../../../src/adapters/memory/memory-deletion-queue.ts';
import { MemoryImageRepository } from '../../../../src/adapters/memory/memory-image-repository.ts';
import { MemoryObjectStore } from '../../../../src/adapters/memory/memory-object-store.ts';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.ts';
import type { Actor } from '../../../../src/domain/actor.ts';
import type { Image, ImageStatus, Visibility } from '../../../../src/domain/image.ts';

/**
 * The image use cases as the images module wires them, on the memory adapters: no database, no HTTP,
 * milliseconds per test. Real media adapters (sharp on images a few pixels wide are fast); only the
 * store's failures are injected, the one thing a real store will not do on cue.
 */
export const admin: Actor = { sub: 'admin-1', role: 'admin' };
export const member: Actor = { sub: 'member-1', role: 'member' };

type StorageMethod = keyof ObjectStorage;

export const imagesKit = (options: { uploadsPerMinute?: number; maxImagesPerRequest?: number } = {}) => {
  let now = new Date('2026-03-01T12:00:00.000Z');
  const clock = { now: () => new Date(now), advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
  const queue = new MemoryDeletionQueue();
  const images = new MemoryImageRepository(queue);
  const store = new MemoryObjectStore({ clock: clock.now, signingSecret: 'kit-secret-0123456789abcdef0123456789' });

  // The store as the use cases see it; `failStore` makes chosen calls throw storeUnavailable.
  const calls = new Map<StorageMethod, number>();
  const failing: Array<(method: StorageMethod, call: number) => boolean> = [];
  const guarded =
    <A extends unknown[], R>(method: StorageMethod, run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const call = (calls.get(method) ?? 0) + 1;
      calls.set(method, call);
      if (failing.some((fails) => fails(method, call))) return Promise.reject(storeUnavailable());
      return run(...args);
    };
  const storage: ObjectStorage = {
    put: guarded('put', (...a: Parameters<ObjectStorage['put']>) => store.put(...a)),
    head: guarded('head', (...a: Parameters<ObjectStorage['head']>) => store.head(...a)),
    getStream: guarded('getStream', (...a: Parameters<ObjectStorage['getStream']>) => store.getStream(...a)),
    delete: guarded('delete', (...a: Parameters<ObjectStorage['delete']>) => store.delete(...a)),
  };

  let uploadBudget = options.uploadsPerMinute ?? Number.POSITIVE_INFINITY;
  const rateLimiter: RateLimiter = {
    consume: async (_bucket, _user, cost = 1) => {
      if (uploadBudget < cost) return { allowed: false, retryAfterSeconds: 7 };
      uploadBudget -= cost;
      return { allowed: true };
    },
  };

  const signer: ImageUrlSigner = { urls: store, ttlSeconds: 900 };
  const cursors = new KeysetCursors('kit-cursor-secret');
  const log = { info: () => {}, warn: () => {}, error: () => {} };

  return {
    clock,
    images,
    queue,
    store,
    /** From now on, calls of `method` for which `when(call)` holds (1-based, counted from the kit's start) fail. */
    failStore: (method: StorageMethod, when: (call: number) => boolean = () => true) => {
      failing.push((m, call) => m === method && when(call));
    },
    healStore: () => void failing.splice(0),
    upload: new UploadImages({
      images,
      queue,
      storage,
      signer,
      clock,
      log,
      rateLimiter,
      inspector: new FileTypeMediaInspector(),
      processor: new SharpImageProcessor(),
      ids: randomIdGenerator,
      limits: { maxImageBytes: 1024 * 1024, maxImagesPerRequest: options.maxImagesPerRequest ?? 10, maxPixels: 100_000_000 },
    }),
    update: new UpdateImage({ images, signer, clock }),
    remove: new DeleteImage({ images, queue, storage, clock, log }),
    listGallery: new ListImages({ images, signer, cursors, audience: 'member' }),
    listAll: new ListImages({ images, signer, cursors, audience: 'admin' }),
    getFromGallery: new GetImage({ images, signer, audience: 'member' }),
    getAny: new GetImage({ images, signer, audience: 'admin' }),

    /** A row as a finished (or, with `status: 'pending'`, unfinished) upload leaves it, without running one. */
    async seed(fields: { visibility: Visibility; status: ImageStatus; title?: string }): Promise<Image> {
      clock.advance(1000);
      const id = randomIdGenerator.next();
      const inserted = await images.insertPending({
        id,
        visibility: fields.visibility,
        title: fields.title ?? null,
        description: null,
        originalFilename: `${id}.png`,
        originalContentType: 'image/png',
        byteSize: 10,
        sha256: id.replaceAll('-', '').padEnd(64, '0'),
        uploadedBy: admin.sub,
        createdAt: clock.now(),
      });
      if (!inserted.inserted) throw new Error('seed collided');
      if (fields.status === 'pending') return inserted.image;
      return (await images.markReady(id, { width: 4, height: 3 }, clock.now()))!;
    },

    /** Every object key under images/, sorted. */
    async objectKeys(): Promise<string[]> {
      return (await store.list('images/', null, 1000)).items.map((o) => o.key).sort();
    },

    /** Every row the repository holds, any status. */
    allRows: () => images.list({ statuses: ['pending', 'ready'], limit: 1000 }),
  };
};

/** A PNG of the given size; different sizes (or colours) give different bytes, hence different SHA-256. */
export const png = async (width: number, height: number, red = 40): Promise<Uint8Array> =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: red, g: 120, b: 200 } } })
      .png()
      .toBuffer(),
  );

export const fileOf = (filename: string, bytes: Uint8Array): IncomingImageFile => ({ filename, stream: Readable.from([Buffer.from(bytes)]) });

/**
 * Multipart's shape: files one after the other. `before(i)` runs just before the i-th file is handed over,
 * and `before(files.length)` once the body is over (where text fields sent after every file arrive).
 */
export async function* filesOf(files: IncomingImageFile[], before: (index: number) => void = () => {}): AsyncIterable<IncomingImageFile> {
  for (const [index, file] of files.entries()) {
    before(index);
    yield file;
  }
  before(files.length);
}

/** Upload fields that change while the body streams in: `fields()` answers what has arrived so far. */
export const fieldsSoFar = (initial: ImageFields = {}) => {
  let current: ImageFields = initial;
  return { fields: () => current, arrive: (more: ImageFields) => void (current = { ...current, ...more }) };
};
