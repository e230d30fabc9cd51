import { describe, expect, test } from 'vitest';
import { admin, imagesKit, member } from './kit.ts';

const ADMIN_FIELDS = ['status', 'originalFilename', 'byteSize', 'sha256', 'uploadedBy', 'updatedAt'];

/** One image in each state a member must not see, and one they must. */
const gallery = async () => {
  const kit = imagesKit();
  const shown = await kit.seed({ visibility: 'public', status: 'ready', title: 'shown' });
  const privateReady = await kit.seed({ visibility: 'private', status: 'ready' });
  const publicPending = await kit.seed({ visibility: 'public', status: 'pending' });
  const privatePending = await kit.seed({ visibility: 'private', status: 'pending' });
  return { kit, shown, hidden: [privateReady, publicPending, privatePending] };
};

describe('the gallery (member audience)', () => {
  test('lists only public, ready images, without originals or admin fields', async () => {
    const { kit, shown } = await gallery();
    const page = await kit.listGallery.execute(member, { limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual([shown.id]);
    const [view] = page.items;
    expect(view!.urls.original).toBeUndefined();
    expect(view!.urls.thumbnail).toContain(`images/${shown.id}/thumbnail`);
    for (const field of ADMIN_FIELDS) expect(view).not.toHaveProperty(field);
  });

  test('an admin reading the gallery gets exactly the member view', async () => {
    const { kit } = await gallery();
    expect(await kit.listGallery.execute(admin, { limit: 10 })).toEqual(await kit.listGallery.execute(member, { limit: 10 }));
  });

  test('asking the gallery for private images changes nothing', async () => {
    const { kit, shown } = await gallery();
    const page = await kit.listGallery.execute(member, { limit: 10, visibility: 'private' });
    expect(page.items.map((i) => i.id)).toEqual([shown.id]);
  });

  test('one image: hidden ones are "not found", like unknown ids', async () => {
    const { kit, shown, hidden } = await gallery();
    expect(await kit.getFromGallery.execute(member, { id: shown.id })).toMatchObject({ id: shown.id, title: 'shown' });
    for (const image of hidden) {
      await expect(kit.getFromGallery.execute(member, { id: image.id })).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
      await expect(kit.getFromGallery.execute(admin, { id: image.id })).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    }
    await expect(kit.getFromGallery.execute(member, { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
    });
  });

  test('pages newest first with cursors bound to the gallery', async () => {
    const kit = imagesKit();
    const [a, b, c] = [
      await kit.seed({ visibility: 'public', status: 'ready' }),
      await kit.seed({ visibility: 'public', status: 'ready' }),
      await kit.seed({ visibility: 'public', status: 'ready' }),
    ];
    const first = await kit.listGallery.execute(member, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([c!.id, b!.id]);
    const second = await kit.listGallery.execute(member, { limit: 2, cursor: first.nextCursor });
    expect(second).toMatchObject({ items: [{ id: a!.id }], nextCursor: null });
    const adminCursor = (await kit.listAll.execute(admin, { limit: 1 })).nextCursor;
    await expect(kit.listGallery.execute(member, { limit: 2, cursor: adminCursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('the admin view (admin audience)', () => {
  test('lists every image in every state, with originals and admin fields', async () => {
    const { kit, shown, hidden } = await gallery();
    const page = await kit.listAll.execute(admin, { limit: 10 });
    expect(page.items.map((i) => i.id).sort()).toEqual([shown.id, ...hidden.map((i) => i.id)].sort());
    for (const view of page.items) {
      expect(view.urls.original).toContain(`images/${view.id}/original`);
      for (const field of ADMIN_FIELDS) expect(view).toHaveProperty(field);
    }
  });

  test('the visibility filter narrows the admin list', async () => {
    const { kit, hidden } = await gallery();
    const page = await kit.listAll.execute(admin, { limit: 10, visibility: 'private' });
    expect(page.items.map((i) => i.id).sort()).toEqual([hidden[0]!.id, hidden[2]!.id].sort());
  });

  test('an admin sees one image in any state', async () => {
    const { kit, hidden } = await gallery();
    const pending = hidden[2]!;
    expect(await kit.getAny.execute(admin, { id: pending.id })).toMatchObject({ id: pending.id, status: 'pending', visibility: 'private' });
  });

  test('a member asking for the admin view is refused by the use case, not only by the router', async () => {
    const { kit, shown } = await gallery();
    await expect(kit.listAll.execute(member, { limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(kit.getAny.execute(member, { id: shown.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
