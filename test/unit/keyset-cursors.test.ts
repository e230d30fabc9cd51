import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { KeysetCursors } from '../../src/application/shared/cursor.ts';

const cursors = new KeysetCursors('unit-test-secret-0123456789abcdef');
const position = { createdAt: new Date('2026-11-30T12:00:00.000Z'), id: randomUUID() };

describe('KeysetCursors', () => {
  test('a cursor it issued decodes back to the position, for the list it was issued for only', () => {
    const raw = cursors.encode('music-sets', position);
    expect(cursors.decode('music-sets', raw)).toEqual(position);
    expect(() => cursors.decode('images', raw)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    expect(cursors.decode('music-sets', '')).toBeUndefined();
    expect(cursors.decode('music-sets', null)).toBeUndefined();
  });

  test('another key, an edited payload or an edited MAC is INVALID_CURSOR', () => {
    const raw = cursors.encode('images', position);
    const [payload, mac] = raw.split('.') as [string, string];
    const otherPayload = Buffer.from(JSON.stringify(['2020-01-01T00:00:00.000Z', position.id])).toString('base64url');
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [
      `${otherPayload}.${mac}`,
      `${payload}.${flipped}`,
      payload,
      `${raw}.x`,
      new KeysetCursors('another-secret-0123456789abcdef').encode('images', position),
    ]) {
      expect(() => cursors.decode('images', forged), forged).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    }
  });

  test('a sealed position outside four-digit years is still refused (nothing the database holds)', () => {
    const far = cursors.encode('images', { createdAt: new Date(-8.64e15), id: position.id });
    expect(() => cursors.decode('images', far)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });

  test('paginate answers a cursor only when more rows exist', () => {
    const rows = [position, { ...position, id: randomUUID() }];
    expect(cursors.paginate('images', rows, 2).nextCursor).toBeNull();
    const { page, nextCursor } = cursors.paginate('images', rows, 1);
    expect(page).toEqual([position]);
    expect(cursors.decode('images', nextCursor)).toEqual(position);
  });
});
