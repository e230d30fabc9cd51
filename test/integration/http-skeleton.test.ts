import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { ReadinessProbe } from '../../src/application/ports/readiness-probe.port.ts';
import type { AppDeps } from '../../src/adapters/http/app-deps.ts';
import { actorOf, bearerAuthenticator, requireRole } from '../../src/adapters/http/auth.ts';
import { createApiRouter, createApp } from '../../src/adapters/http/create-app.ts';
import { createJwtVerifier } from '../../src/adapters/http/jwt-verifier.ts';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { OpenApiRegistry, toExpressPath } from '../../src/adapters/http/openapi.ts';
import { requestLogger } from '../../src/adapters/http/request-context.middleware.ts';
import { parseBody, parseRequest, requireJson } from '../../src/adapters/http/validate.ts';
import { BottleneckRateLimiter } from '../../src/adapters/ratelimit/bottleneck-rate-limiter.ts';
import { listen, logCapture, type RunningServer } from '../support/http-test-server.ts';
import { rsaSigner, tokenMint } from '../support/tokens.ts';

type ProbeMode = 'ok' | 'fail' | 'hang';
/** A dependency that answers, fails or never answers on demand: the faults /readyz must report. */
const controllableProbe = (name: string): ReadinessProbe & { mode: ProbeMode } => ({
  name,
  mode: 'ok',
  check() {
    if (this.mode === 'ok') return Promise.resolve();
    if (this.mode === 'fail') return Promise.reject(new Error(`${name} down: connect ECONNREFUSED 10.1.2.3:5432`));
    return new Promise<void>(() => undefined);
  },
});

const thingParams = z.object({ id: z.uuid() });
const thingQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });
const thingBody = z.strictObject({
  name: z.string().min(1),
  count: z.int().positive(),
  visibility: z.enum(['private', 'public']),
});
const LEAKY_MESSAGE = 'connect ECONNREFUSED 10.0.0.5:5432 at /srv/app/src/secret-module.ts password=hunter2';
const PRESIGNED = 'https://bucket.s3.amazonaws.com/images/x?X-Amz-Credential=AKIAEXAMPLE%2F20250101&X-Amz-Signature=deadbeefcafe0123';

const thingsRouter = (openapi: OpenApiRegistry): Router => {
  const router = Router();
  openapi.register({
    method: 'get',
    path: '/v1/things/{id}',
    security: 'member',
    tags: ['things'],
    summary: 'One thing',
    request: { params: thingParams, query: thingQuery },
    responses: { 200: { description: 'The thing', schema: z.object({ id: z.uuid(), limit: z.int() }) } },
  });
  router.get(toExpressPath('/v1/things/{id}'), (req, res) => {
    const { params, query } = parseRequest(req, { params: thingParams, query: thingQuery });
    requestLogger(res, createLogger({ level: 'silent' })).info({ url: PRESIGNED }, `signed ${PRESIGNED}`);
    res.json({ id: params.id, limit: query.limit, actor: actorOf(res) });
  });
  openapi.register({
    method: 'post',
    path: '/v1/admin/things',
    security: 'admin',
    tags: ['things'],
    summary: 'Create a thing',
    request: { body: thingBody },
    responses: { 201: { description: 'Created', schema: thingBody } },
  });
  router.post('/v1/admin/things', requireRole('admin'), requireJson, (req, res) => {
    res.status(201).json(parseBody(req, thingBody));
  });
  router.get('/v1/boom', () => {
    throw new Error(LEAKY_MESSAGE);
  });
  return router;
};

interface Harness {
  server: RunningServer;
  logs: ReturnType<typeof logCapture>;
  probes: { database: ReturnType<typeof controllableProbe>; store: ReturnType<typeof controllableProbe> };
  limiter: BottleneckRateLimiter;
}

const mint = tokenMint();

const buildDeps = (overrides: Partial<AppDeps> & { requestsPerMinute?: number } = {}) => {
  const logs = logCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const openapi = new OpenApiRegistry({ title: 'test API', version: '0.0.1' });
  const probes = { database: controllableProbe('database'), store: controllableProbe('store') };
  const limiter = new BottleneckRateLimiter({ requestsPerMinute: overrides.requestsPerMinute ?? 10_000, uploadsPerMinute: 100 });
  const deps: AppDeps = {
    logger,
    authenticator: bearerAuthenticator(createJwtVerifier({ secret: mint.secret })),
    readinessProbes: [probes.database, probes.store],
    corsOrigins: ['https://tickets.example'],
    rateLimiter: limiter,
    openapi,
    routers: [{ router: thingsRouter(openapi) }],
    bodyLimitBytes: 1024,
    readinessTimeoutMs: 300,
    ...overrides,
  };
  return { deps, logs, probes, limiter };
};

const start = async (overrides: Partial<AppDeps> & { requestsPerMinute?: number } = {}): Promise<Harness> => {
  const { deps, logs, probes, limiter } = buildDeps(overrides);
  return { server: await listen(createApp(deps)), logs, probes, limiter };
};

const expectProblem = async (response: Response, status: number, code: string): Promise<Record<string, unknown>> => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\/synesthesie\.media\/problems\//) });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/ at |\.ts\b|ECONNREFUSED|hunter2|stack/i);
  return body;
};

describe('HTTP skeleton over a real socket', () => {
  let h: Harness;
  let base: string;
  const thingId = randomUUID();
  const usedTokens: string[] = [];
  const bearer = (token: string) => {
    usedTokens.push(token);
    return { authorization: `Bearer ${token}` };
  };

  beforeAll(async () => {
    h = await start();
    base = h.server.url;
  });
  afterAll(async () => {
    await h.server.close();
    await h.limiter.close();
  });

  test('healthz answers 200 with a generated request id and security headers', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('a sane X-Request-Id is echoed, an unsafe one replaced, and problems carry it', async () => {
    const sane = await fetch(`${base}/nope`, { headers: { 'x-request-id': 'abc.DEF_123-xyz' } });
    expect(sane.headers.get('x-request-id')).toBe('abc.DEF_123-xyz');
    expect(((await sane.json()) as { requestId: string }).requestId).toBe('abc.DEF_123-xyz');
    for (const bad of ['has space', 'x'.repeat(129), 'quo"te', '../etc', '<script>']) {
      const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': bad } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('readyz is 200 when every probe answers, 503 naming the failing or silent one otherwise', async () => {
    const ok = await fetch(`${base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', checks: { database: 'ok', store: 'ok' } });

    h.probes.database.mode = 'fail';
    const dbDown = await expectProblem(await fetch(`${base}/readyz`), 503, 'DATABASE_UNAVAILABLE');
    expect(dbDown.checks).toEqual({ database: 'failed', store: 'ok' });
    expect(String(dbDown.detail)).toContain('database');

    h.probes.database.mode = 'ok';
    h.probes.store.mode = 'hang';
    const started = Date.now();
    const storeDown = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(storeDown.headers.get('retry-after')).toBe('5');
    const body = await expectProblem(storeDown, 503, 'STORE_UNAVAILABLE');
    expect(body.checks).toEqual({ database: 'ok', store: 'timeout' });
    h.probes.store.mode = 'ok';
    expect(h.logs.text()).toContain('readiness check failed');
  });

  test('openapi.json is an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Problem.properties.code.enum).toContain('IMAGE_NOT_FOUND');
    const get = doc.paths['/v1/things/{id}'].get;
    expect(get.security).toEqual([{ bearerAuth: [] }]);
    expect(get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ format: 'uuid' }) }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ maximum: 100, default: 30 }) }),
      ]),
    );
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429', 'default']));
    const post = doc.paths['/v1/admin/things'].post;
    expect(post['x-required-role']).toBe('admin');
    expect(post.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name', 'count', 'visibility'],
      properties: { visibility: { enum: ['private', 'public'] } },
    });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  test('docs is a self-contained HTML reference of the same routes', async () => {
    const response = await fetch(`${base}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await response.text();
    for (const text of ['/v1/things/{id}', '/v1/admin/things', 'Create a thing', 'IMAGE_NOT_FOUND', 'Bearer', 'visibility']) {
      expect(html).toContain(text);
    }
    expect(html).not.toMatch(/<script|src=["']?https?:|href=["']?https?:\/\/(?!synesthesie)/i);
  });

  describe('401 with WWW-Authenticate: Bearer', () => {
    const rs = rsaSigner();
    const cases: [string, () => Promise<Record<string, string>>, boolean][] = [
      ['no Authorization header', async () => ({}), false],
      ['an empty Authorization header', async () => ({ authorization: '' }), false],
      ['another scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), true],
      ['Bearer without a token', async () => ({ authorization: 'Bearer' }), true],
      ['a token that is not a JWT', async () => ({ authorization: 'Bearer not.a.jwt' }), true],
      ['garbage characters', async () => ({ authorization: 'Bearer abc def' }), true],
      ['an expired token', async () => bearer(await mint.expired()), true],
      ['a token signed with another secret', async () => bearer(await mint.wrongSecret()), true],
      ['alg none', async () => bearer(mint.algNone()), true],
      ['RS256 against an HS256 secret', async () => bearer(await mint.rs256()), true],
      ['HS256 keyed with a public key', async () => bearer(await mint.hsWithPublicKey((await rs).publicKeyPem)), true],
      ['a token without exp', async () => bearer(await mint.missingExp()), true],
      ['a token without sub', async () => bearer(await mint.missingSub()), true],
    ];
    test.each(cases)('%s', async (_name, headers, tokenGiven) => {
      const response = await fetch(`${base}/v1/things/${thingId}`, { headers: await headers() });
      const challenge = response.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer\b/);
      if (tokenGiven) expect(challenge).toContain('error="invalid_token"');
      else expect(challenge).not.toContain('error=');
      await expectProblem(response, 401, 'UNAUTHENTICATED');
    });
  });

  test('a member is 403 on an admin route, an admin passes member routes, a token without a known role is 403', async () => {
    const member = await fetch(`${base}/v1/admin/things`, {
      method: 'POST',
      headers: { ...bearer(await mint.member()), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', count: 1, visibility: 'public' }),
    });
    await expectProblem(member, 403, 'FORBIDDEN');

    const adminSub = `admin-${randomUUID()}`;
    const admin = await fetch(`${base}/v1/things/${thingId}?limit=5`, { headers: bearer(await mint.admin(adminSub)) });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ id: thingId, limit: 5, actor: { sub: adminSub, role: 'admin' } });
    expect(admin.headers.get('cache-control')).toBe('no-store');

    for (const claims of [{ sub: 'x' }, { sub: 'x', role: 'superuser' }]) {
      await expectProblem(await fetch(`${base}/v1/things/${thingId}`, { headers: bearer(await mint.withClaims(claims)) }), 403, 'FORBIDDEN');
    }
  });

  test('unknown routes are 404 problems, with or without /v1', async () => {
    await expectProblem(await fetch(`${base}/nope`), 404, 'ROUTE_NOT_FOUND');
    await expectProblem(await fetch(`${base}/v1/nope`, { headers: bearer(await mint.member()) }), 404, 'ROUTE_NOT_FOUND');
  });

  test('a known path with a wrong method is 405 with Allow', async () => {
    const response = await fetch(`${base}/v1/things/${thingId}`, { method: 'DELETE', headers: bearer(await mint.admin()) });
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    await expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(post.headers.get('allow')).toContain('GET');
    await expectProblem(post, 405, 'METHOD_NOT_ALLOWED');
    // Express answers a plain OPTIONS itself (200 + Allow) for paths of a nested router; ours answers 204 otherwise.
    for (const path of ['/healthz', `/v1/things/${thingId}`]) {
      const options = await fetch(`${base}${path}`, { method: 'OPTIONS', headers: bearer(await mint.member()) });
      expect([200, 204]).toContain(options.status);
      expect(options.headers.get('allow')).toContain('GET');
    }
  });

  describe('request bodies', () => {
    const post = async (body: string, contentType: string) =>
      fetch(`${base}/v1/admin/things`, { method: 'POST', headers: { ...bearer(await mint.admin()), 'content-type': contentType }, body });

    test('a valid JSON body passes', async () => {
      const response = await post(JSON.stringify({ name: 'x', count: 2, visibility: 'private' }), 'application/json');
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ name: 'x', count: 2, visibility: 'private' });
    });

    test('an oversize JSON body is 413', async () => {
      const body = await expectProblem(
        await post(JSON.stringify({ name: 'x'.repeat(2048), count: 1, visibility: 'public' }), 'application/json'),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(body.detail).toContain('1024');
    });

    test('a non-JSON body on a JSON route is 415, so is an unsupported charset', async () => {
      await expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectProblem(await post('{"name":"x"}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectProblem(await post('{"name":"x"}', 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('malformed JSON is 400', async () => {
      const body = await expectProblem(await post('{"name": ', 'application/json'), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ path: 'body', message: 'Malformed JSON.' }]);
    });

    test('400 lists every bad field of the body', async () => {
      const body = await expectProblem(
        await post(JSON.stringify({ name: '', count: -1, visibility: 'secret', extra: true }), 'application/json'),
        400,
        'VALIDATION_FAILED',
      );
      const paths = (body.errors as { path: string; message: string }[]).map((e) => e.path).sort();
      expect(paths).toEqual(['body.count', 'body.extra', 'body.name', 'body.visibility']);
      expect((body.errors as { message: string }[]).every((e) => e.message.length > 0)).toBe(true);
    });

    test('a missing body is 400 too', async () => {
      const response = await fetch(`${base}/v1/admin/things`, { method: 'POST', headers: bearer(await mint.admin()) });
      const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect((body.errors as { path: string }[])[0]?.path).toBe('body');
    });
  });

  test('400 lists bad path and query parameters together', async () => {
    const response = await fetch(`${base}/v1/things/not-a-uuid?limit=1000`, { headers: bearer(await mint.member()) });
    const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect((body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['params.id', 'query.limit']);
  });

  test('a path that is not valid percent-encoding is 400, not 500', async () => {
    const response = await fetch(`${base}/v1/things/%E0%A4%A`, { headers: bearer(await mint.member()) });
    await expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  test('an unexpected error is a generic 500, its stack kept in the log only', async () => {
    const response = await fetch(`${base}/v1/boom`, { headers: bearer(await mint.member()) });
    const body = await expectProblem(response, 500, 'INTERNAL');
    expect(body.detail).toBe('An unexpected error occurred.');
    const logged = h.logs.lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'request error' && line.code === 'INTERNAL');
    expect(logged.err.stack).toContain('ECONNREFUSED');
    expect(logged.requestId).toBe(response.headers.get('x-request-id'));
  });

  describe('CORS', () => {
    test('an allowed origin is echoed with Vary and exposed headers', async () => {
      const response = await fetch(`${base}/healthz`, { headers: { origin: 'https://tickets.example' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('https://tickets.example');
      expect(response.headers.get('vary')).toMatch(/Origin/);
      expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag.*X-Request-Id.*Retry-After/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    test('another origin gets no Access-Control-Allow-Origin', async () => {
      const response = await fetch(`${base}/healthz`, { headers: { origin: 'https://evil.example' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    test('preflights are answered 204, with permissions only for an allowed origin', async () => {
      const preflight = (origin: string) =>
        fetch(`${base}/v1/admin/things`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type' },
        });
      const allowed = await preflight('https://tickets.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://tickets.example');
      expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
      expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PUT/);
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type.*X-Request-Id/);
      expect(Number(allowed.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      const denied = await preflight('https://evil.example');
      expect(denied.status).toBe(204);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      expect(denied.headers.get('access-control-allow-methods')).toBeNull();
    });

    test('without configured origins there are no Access-Control headers at all', async () => {
      const other = await start({ corsOrigins: [] });
      try {
        const requests: RequestInit[] = [
          { headers: { origin: 'https://tickets.example' } },
          { method: 'OPTIONS', headers: { origin: 'https://tickets.example', 'access-control-request-method': 'GET' } },
        ];
        for (const init of requests) {
          const response = await fetch(`${other.server.url}/healthz`, init);
          expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
        }
      } finally {
        await other.server.close();
        await other.limiter.close();
      }
    });
  });

  test('the request log has method, path without query, status, duration and sub, and never a token or signature', async () => {
    const sub = `logged-${randomUUID()}`;
    const token = (await bearer(await mint.member(sub))).authorization.slice('Bearer '.length);
    const response = await fetch(`${base}/v1/things/${thingId}?limit=3&X-Amz-Signature=feedface9876&token=${token}`, {
      headers: { authorization: `Bearer ${token}`, cookie: 'session=s3cr3tcookie' },
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = h.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const done = lines.find((line) => line.msg === 'request done' && line.sub === sub);
    expect(done).toMatchObject({ method: 'GET', path: `/v1/things/${thingId}`, status: 200, requestId: response.headers.get('x-request-id') });
    expect(typeof done?.durationMs).toBe('number');
    const signed = lines.find((line) => typeof line.msg === 'string' && line.msg.startsWith('signed'));
    expect(signed?.url).toContain('X-Amz-Signature=[Redacted]');

    const everything = h.logs.text();
    for (const secret of [...usedTokens, 'feedface9876', 'deadbeefcafe0123', 'AKIAEXAMPLE', 's3cr3tcookie', mint.secret]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('per-user request rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ requestsPerMinute: 3 });
  });
  afterAll(async () => {
    await h.server.close();
    await h.limiter.close();
  });

  test('a user over budget gets 429 with Retry-After while another user still passes', async () => {
    const alice = { authorization: `Bearer ${await mint.member('alice')}` };
    const bob = { authorization: `Bearer ${await mint.member('bob')}` };
    const id = randomUUID();
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${h.server.url}/v1/things/${id}`, { headers: alice })).status).toBe(200);
    const limited = await fetch(`${h.server.url}/v1/things/${id}`, { headers: alice });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectProblem(limited, 429, 'RATE_LIMITED');
    expect((await fetch(`${h.server.url}/v1/things/${id}`, { headers: bob })).status).toBe(200);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  });

  test('concurrent requests cannot overdraw the budget', async () => {
    const carol = { authorization: `Bearer ${await mint.member('carol')}` };
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${h.server.url}/v1/things/${randomUUID()}`, { headers: carol }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});

describe('createApiRouter inside an existing express app', () => {
  let server: RunningServer;
  let limiter: BottleneckRateLimiter;
  beforeAll(async () => {
    const built = buildDeps();
    limiter = built.limiter;
    const outer = express();
    outer.get('/tickets', (_req, res) => {
      res.json({ tickets: [] });
    });
    outer.use('/media', createApiRouter(built.deps));
    server = await listen(outer);
  });
  afterAll(async () => {
    await server.close();
    await limiter.close();
  });

  test('serves the whole API under the prefix and leaves the host app alone', async () => {
    expect(await (await fetch(`${server.url}/media/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/tickets`)).status).toBe(200);
    const id = randomUUID();
    const thing = await fetch(`${server.url}/media/v1/things/${id}`, { headers: { authorization: `Bearer ${await mint.member()}` } });
    expect(thing.status).toBe(200);
    expect(thing.headers.get('x-powered-by')).toBeNull();
    const doc = (await (await fetch(`${server.url}/media/openapi.json`)).json()) as { servers: unknown };
    expect(doc.servers).toEqual([{ url: '/media' }]);
    await expectProblem(await fetch(`${server.url}/media/nope`), 404, 'ROUTE_NOT_FOUND');
    const wrong = await fetch(`${server.url}/media/v1/things/${id}`, { method: 'PUT', headers: { authorization: `Bearer ${await mint.admin()}` } });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    await expectProblem(wrong, 405, 'METHOD_NOT_ALLOWED');
    await expectProblem(await fetch(`${server.url}/media/v1/things/${id}`), 401, 'UNAUTHENTICATED');
  });
});
