import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { createWebAppRouter, webAppCsp } from '../../src/adapters/http/web-app.router.ts';
import { loadConfig } from '../../src/bootstrap/config.ts';
import { webAppRouters } from '../../src/bootstrap/modules/web-app.module.ts';
import { listen, type RunningServer } from '../support/http-test-server.ts';

const SECRET = 'x'.repeat(40);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('serving the built page (no browser needed)', () => {
  let dir: string;
  let built: RunningServer;
  let unbuilt: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-build-'));
    await buildWeb(join(dir, 'web'));
    const app = express().use(createWebAppRouter({ root: join(dir, 'web'), storeOrigins: ['https://bucket.s3.eu-west-1.amazonaws.com'] }));
    built = await listen(app);
    unbuilt = await listen(express().use(createWebAppRouter({ root: join(dir, 'missing'), storeOrigins: [] })));
  }, 60_000);
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('index.html: revalidated, strict CSP naming the store, no role rules of its own, hashed assets', async () => {
    const res = await fetch(`${built.url}/app/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"]));
    expect(csp).toContain("media-src 'self' blob: https://bucket.s3.eu-west-1.amazonaws.com");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    const html = await res.text();
    // The page asks the server who the caller is (/v1/me) instead of reading the role claim itself.
    expect(html).not.toContain('role-claim');
    const js = /src="\.\/(app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    const css = /href="\.\/(styles-[A-Z0-9]{8}\.css)"/.exec(html)?.[1];
    expect(js && css).toBeTruthy();
    const script = await fetch(`${built.url}/app/${js}`);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-security-policy')).toBe(csp);
    expect((await fetch(`${built.url}/app/${css}`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${built.url}/app/favicon.svg`)).headers.get('cache-control')).toBe('no-cache');
  });

  test('/app redirects to /app/ (relative asset URLs), unknown files fall through, and an unbuilt page says how to build it', async () => {
    const redirect = await fetch(`${built.url}/app?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/app/');
    expect((await fetch(`${built.url}/app/nope.js`)).status).toBe(404);
    const traversal = await fetch(`${built.url}/app/%2e%2e/%2e%2e/package.json`);
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('synesthesie-media');
    const missing = await fetch(`${unbuilt.url}/app/`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build');
  });

  test('the page is on by default, off in production unless SERVE_APP=true, and off when SERVE_APP=false', () => {
    const routers = (env: Record<string, string>) => webAppRouters(loadConfig({ AUTH_JWT_SECRET: SECRET, ...env })).length;
    expect(routers({})).toBe(1);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/media', S3_BUCKET: 'media' };
    expect(routers(production)).toBe(0);
    expect(routers({ ...production, SERVE_APP: 'true' })).toBe(1);
    expect(routers({ SERVE_APP: 'false' })).toBe(0);
  });

  test('the CSP allows only the given store origins besides the page itself', () => {
    expect(webAppCsp([])).toContain("connect-src 'self';");
    expect(webAppCsp(['http://127.0.0.1:9000'])).toContain("connect-src 'self' http://127.0.0.1:9000;");
  });

  test('web/ type-checks against the DOM lib (its own tsconfig; the root one does not include it)', () => {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(ROOT, 'web')], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
