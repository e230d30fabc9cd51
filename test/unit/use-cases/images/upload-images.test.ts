import { describe, expect, test } from 'vitest';
import { imageKeys } from '../../../../src/domain/object-keys.ts';
import { admin, fieldsSoFar, fileOf, filesOf, imagesKit, member, png } from './kit.ts';

describe('UploadImages: what each stored image is called', () => {
  test('the title comes from the title field, never from the file name; without one it is null', async () => {
    const kit = imagesKit();
    const titled = await kit.upload.execute(admin, {
      files: filesOf([fileOf('opening-night.png', await png(6, 4))]),
      fields: () => ({ title: 'Opening night' }),
    });
    const untitled = await kit.upload.execute(admin, { files: filesOf([fileOf('C:\\photos\\backstage.png', await png(7, 4))]), fields: () => ({}) });
    expect(titled.items[0]).toMatchObject({ title: 'Opening night', originalFilename: 'opening-night.png', visibility: 'private' });
    expect(untitled.items[0]).toMatchObject({ title: null, description: null, originalFilename: 'backstage.png' });
  });

  test('fields sent after the files still apply to every file of the request, in the answer and the rows', async () => {
    const kit = imagesKit();
    const body = fieldsSoFar({ title: 'Early' });
    const files = filesOf([fileOf('a.png', await png(5, 5)), fileOf('b.png', await png(6, 5))], (i) => {
      if (i === 1) body.arrive({ description: 'Between the files' });
      if (i === 2) body.arrive({ title: 'Late', visibility: 'public' });
    });
    const result = await kit.upload.execute(admin, { files, fields: body.fields });
    const expected = { title: 'Late', description: 'Between the files', visibility: 'public' };
    expect(result.items).toMatchObject([expected, expected]);
    expect(await kit.allRows()).toMatchObject([expected, expected]);
  });
});

describe('UploadImages: deduplication by SHA-256', () => {
  test('the same bytes twice are one image, whatever the file names; a later upload gets the existing one unchanged', async () => {
    const kit = imagesKit();
    const bytes = await png(8, 8);
    const first = await kit.upload.execute(admin, {
      files: filesOf([fileOf('a.png', bytes), fileOf('copy-of-a.png', bytes)]),
      fields: () => ({ title: 'First' }),
    });
    expect(first.items).toHaveLength(2);
    expect(first.items[1]!.id).toBe(first.items[0]!.id);
    const again = await kit.upload.execute(admin, { files: filesOf([fileOf('b.png', bytes)]), fields: () => ({ title: 'Second', visibility: 'public' }) });
    expect(again.items[0]).toMatchObject({ id: first.items[0]!.id, title: 'First', visibility: 'private', originalFilename: 'a.png' });
    expect(await kit.allRows()).toHaveLength(1);
    expect(await kit.objectKeys()).toEqual([...imageKeys(first.items[0]!.id)].sort());
  });

  test('different bytes are different images', async () => {
    const kit = imagesKit();
    const result = await kit.upload.execute(admin, {
      files: filesOf([fileOf('a.png', await png(8, 8, 10)), fileOf('b.png', await png(8, 8, 20))]),
      fields: () => ({}),
    });
    expect(new Set(result.items.map((i) => i.id)).size).toBe(2);
    expect(await kit.allRows()).toHaveLength(2);
  });
});

describe('UploadImages: rows and objects agree when the store fails', () => {
  test('a failing write undoes the whole request: no row, no object, nothing left queued', async () => {
    const kit = imagesKit();
    // Three writes per image: the 5th is the second image's thumbnail, after the first image is complete.
    kit.failStore('put', (call) => call === 5);
    const files = filesOf([fileOf('a.png', await png(5, 4)), fileOf('b.png', await png(6, 4))]);
    await expect(kit.upload.execute(admin, { files, fields: () => ({}) })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await kit.allRows()).toEqual([]);
    expect(await kit.objectKeys()).toEqual([]);
    expect(await kit.queue.size()).toBe(0);
  });

  test('when deletes fail too, the row is still gone and every key of it stays queued for the sweeper', async () => {
    const kit = imagesKit();
    kit.failStore('put', (call) => call === 2);
    kit.failStore('delete');
    await expect(kit.upload.execute(admin, { files: filesOf([fileOf('a.png', await png(5, 4))]), fields: () => ({}) })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(await kit.allRows()).toEqual([]);
    const [original] = await kit.objectKeys();
    expect(original).toMatch(/^images\/[0-9a-f-]+\/original$/);
    const queued: string[] = [];
    await kit.queue.drain(10, async (entries) => {
      queued.push(...entries.map((e) => e.key));
      return { done: [], failed: [] };
    });
    expect(queued.sort()).toEqual([...imageKeys(original!.split('/')[1]!)].sort());
  });
});

describe('UploadImages: per-file failures and request limits', () => {
  test('a file that is not an image is reported in `failed` while the others are stored', async () => {
    const kit = imagesKit();
    const result = await kit.upload.execute(admin, {
      files: filesOf([fileOf('notes.png', new TextEncoder().encode('just text')), fileOf('ok.png', await png(4, 4))]),
      fields: () => ({}),
    });
    expect(result.items).toHaveLength(1);
    expect(result.failed).toEqual([{ filename: 'notes.png', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'The file is not a JPEG, PNG, WebP, AVIF or GIF image.' }]);
  });

  test('when every file fails the request fails with ALL_FILES_FAILED, and with no file at all it says so', async () => {
    const kit = imagesKit();
    const junk = fileOf('x.png', new Uint8Array([1, 2, 3]));
    await expect(kit.upload.execute(admin, { files: filesOf([junk]), fields: () => ({}) })).rejects.toMatchObject({
      code: 'ALL_FILES_FAILED',
      detail: 'Every file failed.',
      extensions: { failed: [{ filename: 'x.png', code: 'UNSUPPORTED_MEDIA_TYPE' }] },
    });
    await expect(kit.upload.execute(admin, { files: filesOf([]), fields: () => ({}) })).rejects.toMatchObject({
      code: 'ALL_FILES_FAILED',
      errors: [{ path: 'file', message: 'at least one file is required' }],
    });
  });

  test('files beyond the upload budget fail one by one; when all do, the request is RATE_LIMITED with Retry-After', async () => {
    const kit = imagesKit({ uploadsPerMinute: 1 });
    const partly = await kit.upload.execute(admin, {
      files: filesOf([fileOf('a.png', await png(4, 4)), fileOf('b.png', await png(5, 4))]),
      fields: () => ({}),
    });
    expect(partly.items).toHaveLength(1);
    expect(partly.failed).toEqual([{ filename: 'b.png', code: 'RATE_LIMITED', detail: 'Upload limit reached; retry in 7 s.' }]);
    await expect(kit.upload.execute(admin, { files: filesOf([fileOf('c.png', await png(6, 4))]), fields: () => ({}) })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      detail: 'Too many files uploaded in the last minute.',
      retryAfterSeconds: 7,
      extensions: { failed: [{ filename: 'c.png', code: 'RATE_LIMITED' }] },
    });
  });

  test('more files than allowed fails the request and undoes the files already stored', async () => {
    const kit = imagesKit({ maxImagesPerRequest: 1 });
    const files = filesOf([fileOf('a.png', await png(4, 4)), fileOf('b.png', await png(5, 4))]);
    await expect(kit.upload.execute(admin, { files, fields: () => ({}) })).rejects.toMatchObject({
      code: 'TOO_MANY_FILES',
      detail: 'At most 1 files per request; nothing was stored.',
    });
    expect(await kit.allRows()).toEqual([]);
    expect(await kit.objectKeys()).toEqual([]);
  });

  test('a member may not upload', async () => {
    const kit = imagesKit();
    await expect(kit.upload.execute(member, { files: filesOf([fileOf('a.png', await png(4, 4))]), fields: () => ({}) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await kit.allRows()).toEqual([]);
  });
});
