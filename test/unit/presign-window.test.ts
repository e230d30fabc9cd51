import { describe, expect, test } from 'vitest';
import { PresignWindow } from '../../src/adapters/shared/presign-window.ts';

const at = (iso: string) => new Date(iso);

describe('PresignWindow', () => {
  test.each([
    [30, 60],
    [900, 225],
    [3600, 900],
    [12 * 3600, 3600],
    [7 * 24 * 3600, 3600],
  ])('ttl %i s signs on a %i s window, leaving between ttl and ttl + window', (ttl, window) => {
    let now = at('2025-01-01T00:00:00Z');
    const presign = new PresignWindow({ now: () => now });
    for (const offset of [0, 1, window - 1, window, window + 7]) {
      now = new Date(Date.UTC(2025, 0, 1) + offset * 1000);
      const slot = presign.slot(ttl);
      expect(slot.signedAt.getTime() % (window * 1000)).toBe(0);
      expect(slot.expiresInSeconds).toBe(ttl + window);
      const left = (slot.expiresAt.getTime() - now.getTime()) / 1000;
      expect(left).toBeGreaterThan(ttl);
      expect(left).toBeLessThanOrEqual(ttl + window);
    }
  });

  test('a lifetime cap wins over ttl + window', () => {
    const presign = new PresignWindow({ maxExpiresInSeconds: 604_800 });
    expect(presign.slot(604_800).expiresInSeconds).toBe(604_800);
  });

  test('identical URLs within a window, counted as hits; a new window signs again', async () => {
    let now = at('2025-01-01T00:00:10Z');
    const presign = new PresignWindow({ now: () => now });
    let signed = 0;
    const sign = (slot: { signedAt: Date }) => `u${(signed += 1)}@${slot.signedAt.toISOString()}`;
    const a = await presign.presign('k', 900, sign);
    const b = await presign.presign('k', 900, sign);
    const other = await presign.presign('other', 900, sign);
    expect(b).toEqual(a);
    expect(other.url).not.toBe(a.url);
    now = at('2025-01-01T00:03:45Z');
    const c = await presign.presign('k', 900, sign);
    expect(c.url).not.toBe(a.url);
    expect(presign.stats()).toEqual({ hits: 1, misses: 3, size: 3 });
  });

  test('the memo is bounded and forgets the least recently used entry first', async () => {
    const presign = new PresignWindow({ maxEntries: 2, now: () => at('2025-01-01T00:00:00Z') });
    const sign = () => `${Math.random()}`;
    const a = await presign.presign('a', 60, sign);
    await presign.presign('b', 60, sign);
    expect((await presign.presign('a', 60, sign)).url).toBe(a.url);
    await presign.presign('c', 60, sign);
    expect(presign.stats().size).toBe(2);
    expect((await presign.presign('a', 60, sign)).url).toBe(a.url);
    const before = presign.stats().misses;
    await presign.presign('b', 60, sign);
    expect(presign.stats().misses).toBe(before + 1);
  });

  test('ttl must be a positive whole number of seconds', () => {
    const presign = new PresignWindow();
    for (const ttl of [0, -5, 1.5, Number.NaN]) expect(() => presign.slot(ttl)).toThrow(/ttlSeconds/);
  });
});
