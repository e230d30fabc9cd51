import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DeletionQueue } from '../../src/application/ports/deletion-queue.port.ts';
import type { ImageRepository, NewImage } from '../../src/application/ports/image-repository.port.ts';
import type { Image } from '../../src/domain/image.ts';

export interface ImageRepositoryFixture {
  images: ImageRepository;
  /** The queue `deleteAndEnqueue` writes to. */
  deletions: DeletionQueue;
  /** Empties images and the deletion queue between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const sha = (): string => randomBytes(32).toString('hex');
const at = (ms: number): Date => new Date(Date.UTC(2024, 0, 1) + ms);

export const newImage = (overrides: Partial<NewImage> = {}): NewImage => ({
  id: randomUUID(),
  visibility: 'private',
  title: null,
  description: null,
  originalFilename: 'photo.jpg',
  originalContentType: 'image/jpeg',
  byteSize: 1234,
  sha256: sha(),
  uploadedBy: 'admin-1',
  createdAt: at(0),
  ...overrides,
});

const ids = (images: Image[]): string[] => images.map((i) => i.id);

/** Newest first; equal timestamps ordered by id, descending. */
const expectedOrder = (images: Image[]): string[] =>
  ids([...images].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)));

export const imageRepositoryContract = (name: string, setup: () => Promise<ImageRepositoryFixture>): void => {
  describe(`ImageRepository contract: ${name}`, () => {
    let f: ImageRepositoryFixture;
    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.close();
    });
    beforeEach(async () => {
      await f.reset();
    });

    const insert = async (overrides: Partial<NewImage> = {}): Promise<Image> => {
      const result = await f.images.insertPending(newImage(overrides));
      if (!result.inserted) throw new Error('expected a new row');
      return result.image;
    };

    test('insertPending stores a pending row that findById returns unchanged', async () => {
      const input = newImage({ title: 'Été 🎶 «live»', description: 'x'.repeat(5000), byteSize: 6 * 1024 ** 3 });
      const result = await f.images.insertPending(input);
      const expected: Image = { ...input, status: 'pending', width: 0, height: 0, updatedAt: input.createdAt };
      expect(result).toEqual({ inserted: true, image: expected });
      expect(await f.images.findById(input.id)).toEqual(expected);
    });

    test('a second image with the same sha256 returns the existing one and inserts nothing', async () => {
      const first = await insert();
      const again = newImage({ sha256: first.sha256, originalFilename: 'copy.jpg' });
      expect(await f.images.insertPending(again)).toEqual({ inserted: false, existing: first });
      expect(await f.images.findById(again.id)).toBeNull();
    });

    test('concurrent uploads of identical bytes yield exactly one row', async () => {
      const digest = sha();
      const results = await Promise.all(Array.from({ length: 8 }, () => f.images.insertPending(newImage({ sha256: digest }))));
      const winners = results.filter((r) => r.inserted);
      expect(winners).toHaveLength(1);
      const id = winners[0]!.inserted ? winners[0]!.image.id : '';
      for (const r of results) expect(r.inserted ? r.image.id : r.existing.id).toBe(id);
      expect(await f.images.list({ statuses: ['pending', 'ready'], limit: 100 })).toHaveLength(1);
    });

    test('markReady sets status, dimensions and updatedAt; null for a missing row', async () => {
      const image = await insert();
      const ready = await f.images.markReady(image.id, { width: 640, height: 480 }, at(5000));
      expect(ready).toEqual({ ...image, status: 'ready', width: 640, height: 480, updatedAt: at(5000) });
      expect(await f.images.findById(image.id)).toEqual(ready);
      expect(await f.images.markReady(randomUUID(), { width: 1, height: 1 }, at(1))).toBeNull();
    });

    test('findById answers null for unknown and malformed ids', async () => {
      expect(await f.images.findById(randomUUID())).toBeNull();
      expect(await f.images.findById('not-a-uuid')).toBeNull();
    });

    test('list pages newest first with a keyset cursor, ties broken by id, no gaps or repeats', async () => {
      const all: Image[] = [];
      for (let i = 0; i < 7; i++) all.push(await insert({ createdAt: at(i < 4 ? 1000 : i * 1000) }));
      const seen: Image[] = [];
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const page = await f.images.list({ statuses: ['pending'], limit: 3, ...(after ? { after } : {}) });
        seen.push(...page);
        if (page.length < 3) break;
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(ids(seen)).toEqual(expectedOrder(all));
    });

    test('list filters by visibility and status', async () => {
      const privatePending = await insert({ createdAt: at(1) });
      const publicPending = await insert({ visibility: 'public', createdAt: at(2) });
      const publicReady = await insert({ visibility: 'public', createdAt: at(3) });
      const privateReady = await insert({ createdAt: at(4) });
      await f.images.markReady(publicReady.id, { width: 10, height: 10 }, at(10));
      await f.images.markReady(privateReady.id, { width: 10, height: 10 }, at(10));

      const member = await f.images.list({ visibility: 'public', statuses: ['ready'], limit: 10 });
      expect(ids(member)).toEqual([publicReady.id]);
      const admin = await f.images.list({ statuses: ['pending', 'ready'], limit: 10 });
      expect(ids(admin)).toEqual([privateReady.id, publicReady.id, publicPending.id, privatePending.id]);
      const adminPublic = await f.images.list({ visibility: 'public', statuses: ['pending', 'ready'], limit: 10 });
      expect(ids(adminPublic)).toEqual([publicReady.id, publicPending.id]);
      const adminPrivate = await f.images.list({ visibility: 'private', statuses: ['pending', 'ready'], limit: 1 });
      expect(ids(adminPrivate)).toEqual([privateReady.id]);
      expect(await f.images.list({ statuses: [], limit: 10 })).toEqual([]);
    });

    test('update sets and clears text fields and visibility, leaving the rest alone', async () => {
      const image = await insert({ title: 'old', description: 'desc' });
      const updated = await f.images.update(image.id, { title: 'new', visibility: 'public' }, at(100));
      expect(updated).toEqual({ ...image, title: 'new', visibility: 'public', updatedAt: at(100) });
      const cleared = await f.images.update(image.id, { title: null, description: null }, at(200));
      expect(cleared).toEqual({ ...image, title: null, description: null, visibility: 'public', updatedAt: at(200) });
      expect(await f.images.findById(image.id)).toEqual(cleared);
      expect(await f.images.update(randomUUID(), { title: 'x' }, at(1))).toBeNull();
    });

    test('deleteAndEnqueue removes the row and queues its object keys together', async () => {
      const image = await insert();
      const keys = [`images/${image.id}/original`, `images/${image.id}/thumbnail.webp`];
      expect(await f.images.deleteAndEnqueue(image.id, keys, at(50))).toBe(true);
      expect(await f.images.findById(image.id)).toBeNull();
      expect(await f.deletions.size()).toBe(2);
      let queued: string[] = [];
      await f.deletions.drain(10, async (entries) => {
        queued = entries.map((e) => e.key);
        return { done: [], failed: [] };
      });
      expect(queued.sort()).toEqual([...keys].sort());
    });

    test('deleteAndEnqueue of a missing row answers false and queues nothing', async () => {
      expect(await f.images.deleteAndEnqueue(randomUUID(), ['images/x/original'], at(1))).toBe(false);
      expect(await f.images.deleteAndEnqueue('nope', ['images/x/original'], at(1))).toBe(false);
      expect(await f.deletions.size()).toBe(0);
    });

    test('findStalePending returns pending rows older than the cutoff, oldest first, up to the limit', async () => {
      const old1 = await insert({ createdAt: at(1000) });
      const old2 = await insert({ createdAt: at(2000) });
      await insert({ createdAt: at(3000) });
      await insert({ createdAt: at(9000) });
      const oldReady = await insert({ createdAt: at(500) });
      await f.images.markReady(oldReady.id, { width: 1, height: 1 }, at(600));

      expect(ids(await f.images.findStalePending(at(5000), 2))).toEqual([old1.id, old2.id]);
      expect(await f.images.findStalePending(at(1000), 10)).toEqual([]);
    });

    test('existingIds tells rows from orphans and ignores ids that cannot exist', async () => {
      const a = await insert();
      const b = await insert();
      await f.images.markReady(b.id, { width: 2, height: 2 }, at(1));
      const gone = randomUUID();
      const found = await f.images.existingIds([a.id, b.id, gone, 'garbage', a.id]);
      expect([...found].sort()).toEqual([a.id, b.id].sort());
      expect((await f.images.existingIds([])).size).toBe(0);
    });
  });
};
