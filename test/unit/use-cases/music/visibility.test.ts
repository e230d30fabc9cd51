import { describe, expect, test } from 'vitest';
import { admin, member, musicKit } from './kit.ts';

const code = (value: string) => expect.objectContaining({ code: value });

describe('set reads per audience', () => {
  test('members list public sets with their ready tracks only; admins every set and every track', async () => {
    const kit = musicKit();
    const open = await kit.addSet('public', 'Open');
    const hidden = await kit.addSet('private', 'Hidden');
    await kit.addTrack(open.id, { title: 'done' });
    await kit.addTrack(open.id, { title: 'half', ready: false });
    await kit.addTrack(hidden.id, { title: 'secret' });

    const members = await kit.listPublishedSets.execute(member, { limit: 10 });
    expect(members.items.map((s) => s.title)).toEqual(['Open']);
    expect(members.items[0]!.tracks.map((t) => t.title)).toEqual(['done']);
    expect(members.items[0]!.trackCount).toBe(1);
    expect(members.items[0]!.tracks[0]).not.toHaveProperty('status');
    expect(members.items[0]).not.toHaveProperty('updatedAt');

    const admins = await kit.listAllSets.execute(admin, { limit: 10 });
    expect(admins.items.map((s) => s.title)).toEqual(['Hidden', 'Open']);
    const openForAdmins = admins.items.find((s) => s.id === open.id)!;
    expect(openForAdmins.tracks.map((t) => [t.title, t.status])).toEqual([
      ['done', 'ready'],
      ['half', 'uploading'],
    ]);
    expect(openForAdmins).toHaveProperty('updatedAt');
  });

  test('one set by id: a private set is "not found" for members, exactly like a missing one', async () => {
    const kit = musicKit();
    const hidden = await kit.addSet('private');
    await expect(kit.getPublishedSet.execute(member, { id: hidden.id })).rejects.toThrow(code('MUSIC_SET_NOT_FOUND'));
    await expect(kit.getPublishedSet.execute(member, { id: '00000000-0000-4000-8000-999999999999' })).rejects.toThrow(code('MUSIC_SET_NOT_FOUND'));
    expect((await kit.getAnySet.execute(admin, { id: hidden.id })).id).toBe(hidden.id);
  });

  test('the admin reads refuse members in the use case itself', async () => {
    const kit = musicKit();
    const set = await kit.addSet('public');
    await expect(kit.listAllSets.execute(member, { limit: 10 })).rejects.toThrow(code('FORBIDDEN'));
    await expect(kit.getAnySet.execute(member, { id: set.id })).rejects.toThrow(code('FORBIDDEN'));
  });

  test('an admin on the member reads sees exactly what members see', async () => {
    const kit = musicKit();
    const open = await kit.addSet('public');
    await kit.addSet('private');
    await kit.addTrack(open.id, { title: 'half', ready: false });
    const asAdmin = await kit.listPublishedSets.execute(admin, { limit: 10 });
    const asMember = await kit.listPublishedSets.execute(member, { limit: 10 });
    expect(asAdmin).toEqual(asMember);
    expect(asAdmin.items[0]!.tracks).toEqual([]);
  });

  test('each audience pages with its own cursors', async () => {
    const kit = musicKit();
    await kit.addSet('public', 'one');
    await kit.addSet('public', 'two');
    const page = await kit.listAllSets.execute(admin, { limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expect(kit.listPublishedSets.execute(member, { limit: 1, cursor: page.nextCursor })).rejects.toThrow(code('INVALID_CURSOR'));
  });
});

describe('playable tracks', () => {
  test('members play ready tracks of public sets; an uploading track or a private set is "not found"', async () => {
    const kit = musicKit();
    const open = await kit.addSet('public');
    const hidden = await kit.addSet('private');
    const ready = await kit.addTrack(open.id);
    const half = await kit.addTrack(open.id, { ready: false });
    const secret = await kit.addTrack(hidden.id);

    expect((await kit.issueStreamUrl.execute(member, { trackId: ready.id })).url).toMatch(/^memory:\/\/store\//);
    for (const trackId of [half.id, secret.id]) {
      await expect(kit.issueStreamUrl.execute(member, { trackId })).rejects.toThrow(
        expect.objectContaining({ code: 'TRACK_NOT_FOUND', detail: 'No playable track with this id.' }),
      );
      await expect(kit.issueDownloadUrl.execute(member, { trackId })).rejects.toThrow(code('TRACK_NOT_FOUND'));
    }
  });

  test('admins play tracks of private sets, but never an unfinished one', async () => {
    const kit = musicKit();
    const hidden = await kit.addSet('private');
    const secret = await kit.addTrack(hidden.id);
    const half = await kit.addTrack(hidden.id, { ready: false });
    expect((await kit.issueDownloadUrl.execute(admin, { trackId: secret.id })).filename).toBe(`${secret.title}.mp3`);
    await expect(kit.issueStreamUrl.execute(admin, { trackId: half.id })).rejects.toThrow(code('TRACK_NOT_FOUND'));
  });
});
