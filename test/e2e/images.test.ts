import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageKeys } from '../../src/domain/object-keys.ts';
import { containsAscii, makeImage, makePrivateJpeg } from '../support/image-fixtures.ts';
import { startTestService, type StoreKind, type TestService } from '../support/test-service.ts';

const form = (files: Array<{ bytes: Uint8Array; name: string; type?: string }>, fields: Record<string, string> = {}) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append('file', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  return body;
};

const problem = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+|node_modules|SELECT |ECONNREFUSED/);
  return body;
};

describe.each<StoreKind>(['fs', 's3'])('images over HTTP on the %s store', (kind) => {
  let svc: TestService;
  let admin: string;
  let member: string;

  beforeAll(async () => {
    svc = await startTestService(kind, { MAX_IMAGES_PER_REQUEST: '3', MAX_IMAGE_BYTES: String(2 * 1024 * 1024) });
    admin = await svc.tokens.admin('admin-1');
    member = await svc.tokens.member('member-1');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const upload = (files: Parameters<typeof form>[0], fields?: Record<string, string>, token = admin) =>
    svc.call('/v1/admin/images', { method: 'POST', body: form(files, fields), token });

  const countRows = async () => Number((await svc.pool.query('select count(*)::int as n from media.images')).rows[0].n);
  const storedKeys = async () => (await svc.store.list('images/', null, 1000)).items.map((o) => o.key).sort();

  test('a batch upload stores each image with derivatives and reports per-file failures', async () => {
    const jpeg = await makeImage('jpeg', 1200, 800);
    const png = await makeImage('png', 300, 200);
    const res = await upload(
      [
        { bytes: jpeg, name: 'night.jpg', type: 'image/jpeg' },
        { bytes: png, name: 'flyer.png', type: 'image/png' },
        { bytes: new TextEncoder().encode('<html>not an image</html>'), name: 'evil.jpg', type: 'image/jpeg' },
      ],
      { title: 'Opening night', visibility: 'public' },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { items: Array<Record<string, any>>; failed: Array<Record<string, string>> };
    expect(body.items).toHaveLength(2);
    expect(body.failed).toEqual([{ filename: 'evil.jpg', code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.any(String) }]);
    const [first] = body.items;
    expect(first).toMatchObject({ title: 'Opening night', visibility: 'public', width: 1200, height: 800, contentType: 'image/webp', status: 'ready' });
    expect(first!.urls.original).toBeTypeOf('string');
    const thumb = await fetch(first!.urls.thumbnail);
    expect(thumb.status).toBe(200);
    const meta = await sharp(new Uint8Array(await thumb.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(480);
    expect(await storedKeys()).toEqual(body.items.flatMap((i) => imageKeys(i.id as string)).sort());
  });

  test('members see public ready images only, with thumbnail and display but never the original', async () => {
    const priv = await upload([{ bytes: await makeImage('webp', 64, 64), name: 'p.webp' }]);
    expect(priv.status).toBe(201);
    const privateId = ((await priv.json()) as any).items[0].id as string;
    const list = await svc.call('/v1/images?limit=100', { token: member });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: Array<Record<string, any>>; nextCursor: string | null };
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.visibility).toBe('public');
      expect(item.urls.original).toBeUndefined();
      expect(item.status).toBeUndefined();
    }
    expect(page.items.map((i) => i.id)).not.toContain(privateId);
    const hidden = await svc.call(`/v1/images/${privateId}`, { token: member });
    expect(hidden.status).toBe(404);
    expect((await problem(hidden)).code).toBe('IMAGE_NOT_FOUND');
    const again = (await (await svc.call('/v1/images?limit=100', { token: member })).json()) as typeof page;
    expect(again.items.map((i) => i.urls.thumbnail)).toEqual(page.items.map((i) => i.urls.thumbnail));
  });

  test('GPS, EXIF and XMP never reach the derivatives; rotation is applied', async () => {
    const jpeg = await makePrivateJpeg(400, 200, 6);
    const res = await upload([{ bytes: jpeg, name: 'gps.jpg' }], { visibility: 'public' });
    expect(res.status).toBe(201);
    const item = ((await res.json()) as any).items[0];
    expect([item.width, item.height]).toEqual([200, 400]);
    for (const url of [item.urls.thumbnail, item.urls.display]) {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(containsAscii(bytes, 'GPS')).toBe(false);
      expect(containsAscii(bytes, 'SECRET')).toBe(false);
    }
  });

  test('byte-identical content is deduplicated', async () => {
    const bytes = await makeImage('png', 50, 60);
    const a = ((await (await upload([{ bytes, name: 'a.png' }])).json()) as any).items[0];
    const b = ((await (await upload([{ bytes, name: 'b.png' }])).json()) as any).items[0];
    expect(b.id).toBe(a.id);
  });

  test('every file failing is 422 with the failed list; nothing is written', async () => {
    const rows = await countRows();
    const keys = await storedKeys();
    const res = await upload([{ bytes: new Uint8Array([1, 2, 3]), name: 'x.bin' }]);
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe('ALL_FILES_FAILED');
    expect(body.failed).toEqual([{ filename: 'x.bin', code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.any(String) }]);
    expect(await countRows()).toBe(rows);
    expect(await storedKeys()).toEqual(keys);
  });

  test('an oversize file is cut off and reported 413-coded; too many files is 413 and stores nothing', async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 10);
    big.set(await makeImage('png', 10, 10));
    const res = await upload([{ bytes: big, name: 'big.png' }]);
    expect(res.status).toBe(422);
    expect(((await problem(res)).failed as any[])[0].code).toBe('PAYLOAD_TOO_LARGE');
    const rows = await countRows();
    const many = await upload(await Promise.all([1, 2, 3, 4].map(async (n) => ({ bytes: await makeImage('png', 20 + n, 20), name: `${n}.png` }))));
    expect(many.status).toBe(413);
    expect((await problem(many)).code).toBe('TOO_MANY_FILES');
    expect(await countRows()).toBe(rows);
  });

  test('admin PATCH edits and clears fields; DELETE removes the row and every object, and the URLs stop working', async () => {
    const created = ((await (await upload([{ bytes: await makeImage('gif', 30, 30), name: 'g.gif' }], { title: 'x', description: 'y' })).json()) as any)
      .items[0];
    const patched = await svc.call(`/v1/admin/images/${created.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'New', description: null, visibility: 'public' }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ title: 'New', description: null, visibility: 'public' });
    const bad = await svc.call(`/v1/admin/images/${created.id}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visibility: 'secret', title: 5, extra: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await problem(bad)).errors as any[]).length).toBe(3);
    const del = await svc.call(`/v1/admin/images/${created.id}`, { method: 'DELETE', token: admin });
    expect(del.status).toBe(204);
    expect((await svc.call(`/v1/admin/images/${created.id}`, { token: admin })).status).toBe(404);
    const keys = await storedKeys();
    for (const key of imageKeys(created.id)) expect(keys).not.toContain(key);
    if (kind === 'fs') expect((await fetch(created.urls.thumbnail)).status).toBe(404);
    expect((await svc.call(`/v1/admin/images/${created.id}`, { method: 'DELETE', token: admin })).status).toBe(404);
  });

  test('auth and roles: 401 without a token, 403 for members on admin routes, 404 for malformed ids', async () => {
    const none = await svc.call('/v1/images');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const forbidden = await upload([{ bytes: await makeImage('png', 10, 10), name: 'a.png' }], {}, member);
    expect(forbidden.status).toBe(403);
    expect((await svc.call('/v1/images/not-a-uuid', { token: member })).status).toBe(404);
    const wrongType = await svc.call('/v1/admin/images', { method: 'POST', token: admin, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
  });
});

describe('rate limits and presign caching over HTTP (fs store)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('fs', { RATE_LIMIT_UPLOADS_PER_MINUTE: '2', RATE_LIMIT_REQUESTS_PER_MINUTE: '8' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  test('uploads beyond the per-admin budget are 429 with Retry-After; another admin is unaffected', async () => {
    const admin = await svc.tokens.admin('limited-admin');
    const other = await svc.tokens.admin('other-admin');
    const files = await Promise.all([1, 2, 3].map(async (n) => ({ bytes: await makeImage('png', 10 + n, 10), name: `${n}.png` })));
    const first = await svc.call('/v1/admin/images', { method: 'POST', token: admin, body: form(files) });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { items: unknown[]; failed: Array<{ code: string }> };
    expect(body.items).toHaveLength(2);
    expect(body.failed.map((f) => f.code)).toEqual(['RATE_LIMITED']);
    const again = await svc.call('/v1/admin/images', { method: 'POST', token: admin, body: form([files[2]!]) });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(again)).code).toBe('RATE_LIMITED');
    const otherRes = await svc.call('/v1/admin/images', { method: 'POST', token: other, body: form([files[2]!]) });
    expect(otherRes.status).toBe(201);
  });

  test('requests beyond the per-user budget are 429 with Retry-After; other users still pass', async () => {
    const member = await svc.tokens.member('busy-member');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await svc.call('/v1/images', { token: member })).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    const limited = await svc.call('/v1/images', { token: member });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await svc.call('/v1/images', { token: await svc.tokens.member('calm-member') })).status).toBe(200);
  });

  test('presigned URLs are memoised: a repeated gallery page signs nothing new (hit rate measured)', async () => {
    const stats = () => (svc.store as unknown as { presignStats(): { hits: number; misses: number } }).presignStats();
    const member = await svc.tokens.member('gallery-viewer');
    const pngs = await Promise.all([1, 2, 3].map(async (n) => ({ bytes: await makeImage('png', 70 + n, 40), name: `g${n}.png` })));
    for (const [n, file] of pngs.entries()) {
      // One admin per file: each admin's upload budget in this instance is 2 files a minute.
      const admin = await svc.tokens.admin(`gallery-admin-${n}`);
      expect((await svc.call('/v1/admin/images', { method: 'POST', token: admin, body: form([file], { visibility: 'public' }) })).status).toBe(201);
    }
    const page1 = (await (await svc.call('/v1/images?limit=100', { token: member })).json()) as { items: Array<{ urls: unknown }> };
    const before = stats();
    const page2 = (await (await svc.call('/v1/images?limit=100', { token: member })).json()) as { items: Array<{ urls: unknown }> };
    const after = stats();
    const urls = page2.items.length * 2;
    expect(urls).toBeGreaterThanOrEqual(6);
    expect(page2.items.map((i) => i.urls)).toEqual(page1.items.map((i) => i.urls));
    const hitRate = (after.hits - before.hits) / urls;
    console.info(`presign memoisation: ${after.hits - before.hits}/${urls} hits on the repeated page (rate ${hitRate})`);
    expect(after.misses - before.misses).toBe(0);
    expect(hitRate).toBe(1);
  });
});
