import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSet, problem, type Json } from '../support/music-http.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Every list route that takes a cursor, for members and for admins. */
const LISTS: Array<{ path: string; role: 'member' | 'admin' }> = [
  { path: '/v1/images', role: 'member' },
  { path: '/v1/music-sets', role: 'member' },
  { path: '/v1/admin/images', role: 'admin' },
  { path: '/v1/admin/music-sets', role: 'admin' },
];

describe('list cursors are sealed: fabricated ones are 400 INVALID_CURSOR, never a 5xx', () => {
  let svc: TestService;
  const tokens: Record<'member' | 'admin', string> = { member: '', admin: '' };

  beforeAll(async () => {
    svc = await startTestService('fs', { RATE_LIMIT_REQUESTS_PER_MINUTE: '100000' });
    tokens.admin = await svc.tokens.admin('cursor-admin');
    tokens.member = await svc.tokens.member('cursor-member');
    for (let i = 0; i < 3; i += 1) await createSet(svc, tokens.admin, { title: `Set ${i}`, visibility: 'public' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const list = (path: string, role: 'member' | 'admin', cursor: string) =>
    svc.call(`${path}?limit=1&cursor=${encodeURIComponent(cursor)}`, { token: tokens[role] });

  test('a cursor the service issued pages on; the same position written by hand is refused', async () => {
    const first = (await (await svc.call('/v1/music-sets?limit=1', { token: tokens.member })).json()) as Json;
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list('/v1/music-sets', 'member', first.nextCursor as string);
    expect(second.status).toBe(200);
    const forged = b64([first.items[0].createdAt, first.items[0].id]);
    const res = await list('/v1/music-sets', 'member', forged);
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe('INVALID_CURSOR');
    // A cursor of one list does not page another.
    expect((await list('/v1/images', 'member', first.nextCursor as string)).status).toBe(400);
  });

  test("a date outside PostgreSQL's range (-271821-04-20) is 400 INVALID_CURSOR, not a 500 with a logged stack", async () => {
    for (const { path, role } of LISTS) {
      const res = await list(path, role, b64(['-271821-04-20T00:00:00.000Z', randomUUID()]));
      expect(res.status, path).toBe(400);
      expect((await problem(res)).code, path).toBe('INVALID_CURSOR');
    }
    expect(svc.logs.text()).not.toMatch(/"level":50/);
  });

  test('property: fabricated cursors never give a 5xx, and are 400 INVALID_CURSOR unless the service issued them', async () => {
    const dates = fc.oneof(
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.constantFrom('-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z', 'infinity', '-infinity'),
    );
    const ids = fc.oneof(fc.uuid(), fc.string(), fc.constant('00000000-0000-0000-0000-000000000000'));
    const structured = fc.tuple(dates, ids).map(([at, id]) => b64([at, id]));
    const sealedLooking = fc.tuple(structured, fc.base64String({ maxLength: 44 })).map(([payload, mac]) => `${payload}.${mac.replace(/=+$/, '')}`);
    const anything = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 2 }).map(b64),
      fc.anything({ maxDepth: 2, maxKeys: 3 }).map((v) => b64(JSON.stringify(v) ?? 'null')),
    );
    const route = fc.constantFrom(...LISTS);
    await fc.assert(
      fc.asyncProperty(route, fc.oneof(structured, sealedLooking, anything), async ({ path, role }, cursor) => {
        const res = await list(path, role, cursor);
        expect(res.status, `${path} ${cursor}`).toBeLessThan(500);
        if (cursor !== '') {
          expect(res.status, `${path} ${cursor}`).toBe(400);
          // Past the query's length cap the parameter itself is invalid; below it, only the cursor check decides.
          expect((await problem(res)).code).toBe(cursor.length > 2000 ? 'VALIDATION_FAILED' : 'INVALID_CURSOR');
        } else {
          await res.arrayBuffer();
        }
      }),
      { numRuns: 120 },
    );
  }, 90_000);
});
