import { describe, expect, test } from 'vitest';
import { admin, musicKit } from './kit.ts';

describe('track positions stay 1..n', () => {
  test('deleting a track closes the gap', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    await kit.addTrack(set.id, { title: 'a' });
    const b = await kit.addTrack(set.id, { title: 'b' });
    await kit.addTrack(set.id, { title: 'c' });
    await kit.addTrack(set.id, { title: 'd' });
    await kit.deleteTrack.execute(admin, { id: b.id });
    expect(await kit.positions(set.id)).toEqual([
      ['a', 1],
      ['c', 2],
      ['d', 3],
    ]);
  });

  test('moving a track shifts the ones in between, both ways', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    await kit.addTrack(set.id, { title: 'a' });
    await kit.addTrack(set.id, { title: 'b' });
    const c = await kit.addTrack(set.id, { title: 'c' });
    const moved = await kit.updateTrack.execute(admin, { id: c.id, patch: { position: 1 } });
    expect(moved.position).toBe(1);
    expect(await kit.positions(set.id)).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
    ]);
    await kit.updateTrack.execute(admin, { id: c.id, patch: { position: 3 } });
    expect(await kit.positions(set.id)).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  test('a position outside 1..n is refused, not clamped, and nothing moves', async () => {
    const kit = musicKit();
    const set = await kit.addSet();
    const a = await kit.addTrack(set.id, { title: 'a' });
    await kit.addTrack(set.id, { title: 'b' });
    await expect(kit.updateTrack.execute(admin, { id: a.id, patch: { position: 3 } })).rejects.toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', detail: 'The position must be between 1 and 2.' }),
    );
    expect(await kit.positions(set.id)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
