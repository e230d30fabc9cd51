import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FsObjectStore } from '../../src/adapters/fs/fs-object-store.ts';
import { cors } from '../../src/adapters/http/cors.middleware.ts';
import { loadConfig } from '../../src/bootstrap/config.ts';
import { startObjectsRouteServer, type ObjectsRouteServer } from '../support/objects-route-server.ts';

// How an operator may well write the origin: another case, the default port, a trailing slash.
const CONFIGURED = 'HTTPS://Tickets.Example.org:443/';
const BROWSER_ORIGIN = 'https://tickets.example.org';

const preflight = (url: string, origin = BROWSER_ORIGIN) =>
  fetch(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' } });

describe('CORS origins are normalised once and compared the same way on every route', () => {
  let server: ObjectsRouteServer;
  let api: Server;
  let apiUrl: string;
  let root: string;
  let store: FsObjectStore;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cors-origins-'));
    server = await startObjectsRouteServer();
    store = new FsObjectStore({ root, publicBaseUrl: server.baseUrl, signingSecret: 'cors-test-secret-0123456789' });
    server.mount(store, { corsOrigins: [CONFIGURED] });
    await store.put('images/i1/original', new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
    const app = express();
    app.use(cors([CONFIGURED]));
    app.get('/v1/x', (_req, res) => res.json({}));
    api = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => api.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  test('the configuration holds each origin in its serialised form', () => {
    expect(loadConfig({ CORS_ORIGINS: `${CONFIGURED}, http://LOCALHOST:8080/app` }).CORS_ORIGINS).toEqual([BROWSER_ORIGIN, 'http://localhost:8080']);
  });

  test('an origin allowed on the API is allowed on /objects, and one refused on the API is refused there', async () => {
    const apiAnswer = await preflight(`${apiUrl}/v1/x`);
    expect(apiAnswer.status).toBe(204);
    expect(apiAnswer.headers.get('access-control-allow-origin')).toBe(BROWSER_ORIGIN);

    const { url } = await store.presignGet('images/i1/original', { ttlSeconds: 300 });
    const objectsAnswer = await preflight(url);
    expect(objectsAnswer.status).toBe(204);
    expect(objectsAnswer.headers.get('access-control-allow-origin')).toBe(BROWSER_ORIGIN);
    const read = await fetch(url, { headers: { Origin: BROWSER_ORIGIN } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(BROWSER_ORIGIN);

    for (const other of ['https://tickets.example.org.evil.example', 'http://tickets.example.org', 'null']) {
      expect((await preflight(`${apiUrl}/v1/x`, other)).headers.get('access-control-allow-origin'), other).toBeNull();
      expect((await preflight(url, other)).status, other).toBe(403);
    }
  });
});
