import { describe, expect, test } from 'vitest';
import { imageKeys } from '../../../../src/domain/object-keys.ts';
import { admin, fileOf, filesOf, imagesKit, member, png } from './kit.ts';

const uploaded = async () => {
  const kit = imagesKit();
  const { items } = await kit.upload.execute(admin, { files: filesOf([fileOf('a.png', await png(6, 6))]), fields: () => ({ title: 'Before' }) });
  return { kit, image: items[0]! };
};

describe('UpdateImage', () => {
  test('changes only the given fields, clears with null, and answers the admin view', async () => {
    const { kit, image } = await uploaded();
    kit.clock.advance(5000);
    const updated = await kit.update.execute(admin, { id: image.id, patch: { description: 'New', visibility: 'public' } });
    expect(updated).toMatchObject({ title: 'Before', description: 'New', visibility: 'public', status: 'ready' });
    expect(updated.urls.original).toBeDefined();
    expect(updated.updatedAt).toBe(kit.clock.now().toISOString());
    const cleared = await kit.update.execute(admin, { id: image.id, patch: { title: null } });
    expect(cleared).toMatchObject({ title: null, description: 'New' });
  });

  test('an unknown image is IMAGE_NOT_FOUND; a member may not edit', async () => {
    const { kit, image } = await uploaded();
    await expect(kit.update.execute(admin, { id: '00000000-0000-4000-8000-000000000000', patch: { title: 'x' } })).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
    });
    await expect(kit.update.execute(member, { id: image.id, patch: { title: 'x' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await kit.getAny.execute(admin, { id: image.id })).title).toBe('Before');
  });
});

describe('DeleteImage', () => {
  test('removes the row and its three objects, leaving nothing queued', async () => {
    const { kit, image } = await uploaded();
    expect(await kit.objectKeys()).toEqual([...imageKeys(image.id)].sort());
    await kit.remove.execute(admin, { id: image.id });
    expect(await kit.allRows()).toEqual([]);
    expect(await kit.objectKeys()).toEqual([]);
    expect(await kit.queue.size()).toBe(0);
  });

  test('with the store down the row is still gone and its keys stay queued; the objects wait for the sweeper', async () => {
    const { kit, image } = await uploaded();
    kit.failStore('delete');
    await kit.remove.execute(admin, { id: image.id });
    expect(await kit.allRows()).toEqual([]);
    expect(await kit.queue.size()).toBe(3);
    expect(await kit.objectKeys()).toEqual([...imageKeys(image.id)].sort());
  });

  test('an unknown image is IMAGE_NOT_FOUND; a member may not delete', async () => {
    const { kit, image } = await uploaded();
    await expect(kit.remove.execute(admin, { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    await expect(kit.remove.execute(member, { id: image.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await kit.allRows()).toHaveLength(1);
  });
});
