import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackKey } from '../../src/domain/object-keys.ts';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { createMediaService, type MediaService } from '../../src/bootstrap/media-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { logCapture } from '../support/http-test-server.ts';
import { makeImage } from '../support/image-fixtures.ts';

/** createMediaService as a host backend calls it: its own express app, its own pool, its own sign-in. */
interface Host {
  url: string;
  media: MediaService;
  close(): Promise<void>;
}

const mountInHost = async (
  db: TestDatabase,
  env: Record<string, string>,
  authenticate?: Parameters<typeof createMediaService>[0]['authenticate'],
): Promise<Host> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'media-embed-'));
  const media = await createMediaService({
    env: { DATA_DIR: dataDir, SWEEP_INTERVAL_SECONDS: '0', AUTH_JWT_SECRET: 'x'.repeat(40), ...env },
    pool: db.pool,
    logger: createLogger({ level: 'info', destination: logCapture() }),
    ...(authenticate ? { authenticate } : {}),
  });
  const app = express();
  app.use(express.json());
  app.use('/media', media.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    media,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await media.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** The host's own session: a cookie naming the user and the roles its ticketing system gave them. */
const hostSession = async (req: express.Request) => {
  const cookie = req.headers.cookie ?? '';
  if (cookie.includes('broken')) throw new Error('session store down');
  const user = /user=([a-z0-9-]+)/.exec(cookie)?.[1];
  if (!user) return null;
  const roles = /roles=([a-z,]+)/.exec(cookie)?.[1]?.split(',') ?? [];
  return { sub: user, account: { roles } };
};

describe("a host's own authentication and role names", () => {
  let db: TestDatabase;
  let host: Host;
  beforeAll(async () => {
    db = await createTestDatabase();
    host = await mountInHost(db, { AUTH_ROLE_CLAIM: 'account.roles', AUTH_ADMIN_ROLES: 'organizer,staff', AUTH_MEMBER_ROLES: 'customer' }, hostSession);
  });
  afterAll(async () => {
    await host?.close();
    await db?.drop();
  });

  const as = (cookie: string, path: string, init: RequestInit = {}) =>
    fetch(`${host.url}/media${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });

  test('claims from the hook decide the role with the same rules as a JWT; no session is 401, no known role 403', async () => {
    expect(await (await as('user=org-1; roles=organizer', '/v1/me')).json()).toMatchObject({ sub: 'org-1', role: 'admin' });
    expect(await (await as('user=cust-1; roles=customer', '/v1/me')).json()).toMatchObject({ sub: 'cust-1', role: 'member' });
    expect(await (await as('user=both; roles=customer,staff', '/v1/me')).json()).toMatchObject({ role: 'admin' });
    const none = await as('', '/v1/images');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await as('user=x; roles=admin', '/v1/images')).status).toBe(403);
    expect((await as('user=cust-1; roles=customer', '/v1/admin/images')).status).toBe(403);
    // Bearer tokens mean nothing once the host authenticates: the hook replaces them.
    expect((await fetch(`${host.url}/media/v1/images`, { headers: { authorization: 'Bearer whatever' } })).status).toBe(401);
  });

  test('a hook that throws is the host failing, not the caller: 503 AUTH_UNAVAILABLE without details', async () => {
    const res = await as('broken', '/v1/images');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('AUTH_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toContain('session store down');
  });

  test('an admin of the host uploads and a customer sees the image, through the host pool', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await makeImage('png', 32, 24))], { type: 'image/png' }), 'a.png');
    form.append('visibility', 'public');
    const up = await as('user=org-1; roles=organizer', '/v1/admin/images', { method: 'POST', body: form });
    expect(up.status).toBe(201);
    const list = (await (await as('user=cust-1; roles=customer', '/v1/images')).json()) as { items: Array<{ width: number }> };
    expect(list.items.map((i) => i.width)).toEqual([32]);
  });

  test("stop() leaves the host's pool open for the host", async () => {
    const extra = await mountInHost(db, {}, hostSession);
    await extra.close();
    expect((await db.pool.query('select 1 as one')).rows[0].one).toBe(1);
  });
});

describe('FEATURES: a phase that is off is not there', () => {
  let db: TestDatabase;
  let host: Host;
  beforeAll(async () => {
    db = await createTestDatabase();
    host = await mountInHost(db, { FEATURES: 'images,music', ORPHAN_GRACE_SECONDS: '0' }, async (req) =>
      req.headers.cookie ? { sub: 'u', role: req.headers.cookie } : null,
    );
  });
  afterAll(async () => {
    await host?.close();
    await db?.drop();
  });

  test('member music routes are 404 like unknown routes and absent from /openapi.json and /docs; admin music is served', async () => {
    const member = (path: string) => fetch(`${host.url}/media${path}`, { headers: { cookie: 'member' } });
    const admin = (path: string) => fetch(`${host.url}/media${path}`, { headers: { cookie: 'admin' } });
    const unknown = await member('/v1/no-such-thing');
    for (const path of ['/v1/music-sets', '/v1/music-sets/00000000-0000-4000-8000-000000000000', '/v1/tracks/00000000-0000-4000-8000-000000000000/stream']) {
      const res = await member(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe(((await unknown.clone().json()) as { code: string }).code);
    }
    expect((await admin('/v1/admin/music-sets')).status).toBe(200);
    expect((await admin('/v1/images')).status).toBe(200);
    const doc = (await (await fetch(`${host.url}/media/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/music-sets') || p.startsWith('/v1/tracks/'))).toEqual([]);
    expect(Object.keys(doc.paths)).toContain('/v1/admin/music-sets');
    const docs = await (await fetch(`${host.url}/media/docs`)).text();
    expect(docs).not.toContain('/v1/tracks/{id}/stream');
    expect(await (await admin('/v1/me')).json()).toEqual({ sub: 'u', role: 'admin', features: ['images', 'music'] });
  });

  test("the sweeper leaves a switched-off phase's data alone", async () => {
    const imagesOnly = await mountInHost(db, { FEATURES: 'images', ORPHAN_GRACE_SECONDS: '0' }, async () => null);
    try {
      // An object under tracks/ that no row references, old enough to be swept were music on.
      const key = trackKey('11111111-1111-4111-8111-111111111111');
      await imagesOnly.media.store.put(key, Buffer.from('audio'), { contentType: 'audio/mpeg', byteSize: 5 });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await imagesOnly.media.sweep();
      await expect(imagesOnly.media.store.head(key)).resolves.toMatchObject({ key, byteSize: 5 });
      // The same sweep with music on removes it: the check above could fail.
      const withMusic = await mountInHost(db, { ORPHAN_GRACE_SECONDS: '0' }, async () => null);
      try {
        await withMusic.media.store.put(key, Buffer.from('audio'), { contentType: 'audio/mpeg', byteSize: 5 });
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        expect((await withMusic.media.sweep()).orphanObjectsDeleted).toBe(1);
      } finally {
        await withMusic.close();
      }
    } finally {
      await imagesOnly.close();
    }
  });
});
