import { describe, expect, test } from 'vitest';
import { trackKey } from '../../../../src/domain/object-keys.ts';
import { admin, member, musicKit } from './kit.ts';

describe('deleting keeps database and store consistent', () => {
  test('a track: its row goes and its key is queued before the object is deleted; then the queue is empty', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const track = await kit.addTrack(set.id);
    const seen: Array<{ row: boolean; queued: number }> = [];
    kit.store.onDelete = async () => {
      seen.push({ row: (await kit.music.findTrack(track.id)) !== null, queued: await kit.queue.size() });
    };
    await kit.deleteTrack.execute(admin, { id: track.id });
    expect(seen).toEqual([{ row: false, queued: 1 }]);
    expect(kit.store.deletes).toEqual([[trackKey(track.id)]]);
    expect(await kit.hasObject(track.id)).toBe(false);
    expect(await kit.queue.size()).toBe(0);
  });

  test('a store failing after the commit leaves a queued deletion for the sweeper, never a dangling row', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const track = await kit.addTrack(set.id);
    kit.store.failDeletes = true;
    await kit.deleteTrack.execute(admin, { id: track.id });
    expect(await kit.music.findTrack(track.id)).toBeNull();
    expect(await kit.hasObject(track.id)).toBe(true);
    expect(await kit.queue.size()).toBe(1);
    expect(kit.logLines.some((l) => l.level === 'warn' && l.message === 'object deletion deferred to the sweeper')).toBe(true);
  });

  test('a set: every track row goes with it, every key is queued first, every object deleted', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const a = await kit.addTrack(set.id);
    const b = await kit.addTrack(set.id, { ready: false });
    const seen: Array<{ set: boolean; queued: number }> = [];
    kit.store.onDelete = async () => {
      seen.push({ set: (await kit.music.findSet(set.id, [])) !== null, queued: await kit.queue.size() });
    };
    await kit.deleteSet.execute(admin, { id: set.id });
    expect(seen).toEqual([{ set: false, queued: 2 }]);
    expect(new Set(kit.store.deletes.flat())).toEqual(new Set([trackKey(a.id), trackKey(b.id)]));
    expect(await kit.music.findTrack(a.id)).toBeNull();
    expect(await kit.music.findTrack(b.id)).toBeNull();
    expect(await kit.queue.size()).toBe(0);
  });

  test('a set whose objects cannot be deleted is gone from the database with its keys queued', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const a = await kit.addTrack(set.id);
    kit.store.failDeletes = true;
    await kit.deleteSet.execute(admin, { id: set.id });
    await expect(kit.getAnySet.execute(admin, { id: set.id })).rejects.toThrow(expect.objectContaining({ code: 'MUSIC_SET_NOT_FOUND' }));
    expect(await kit.hasObject(a.id)).toBe(true);
    expect(await kit.queue.size()).toBe(1);
  });

  test('deleting a set aborts its open direct uploads', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const started = await kit.startUpload.execute(admin, {
      setId: set.id,
      filename: 'long.flac',
      contentType: 'audio/flac',
      byteSize: 12 * 1024 * 1024,
    });
    expect(await kit.store.listMultipartUploads(new Date(kit.clock.now().getTime() + 1000))).toHaveLength(1);
    await kit.deleteSet.execute(admin, { id: set.id });
    expect(await kit.store.listMultipartUploads(new Date(kit.clock.now().getTime() + 1000))).toEqual([]);
    expect(await kit.music.findSession(started.uploadId)).toBeNull();
  });

  test('writes are refused to members before anything changes', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const track = await kit.addTrack(set.id);
    await expect(kit.deleteTrack.execute(member, { id: track.id })).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(kit.deleteSet.execute(member, { id: set.id })).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(await kit.music.findTrack(track.id)).not.toBeNull();
    expect(kit.store.deletes).toEqual([]);
  });
});
