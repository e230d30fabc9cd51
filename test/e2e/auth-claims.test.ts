import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { TEST_JWT_SECRET } from '../support/tokens.ts';
import { decodeJwt } from 'jose';

/** The role and lifetime rules of the contract's Auth section, over HTTP against the real service. */
describe('role claims and token lifetimes over HTTP', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('fs', { AUTH_ROLE_CLAIM: 'app_metadata.role', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const status = async (claims: Record<string, unknown>, path = '/v1/admin/images') =>
    (await svc.call(path, { token: await svc.tokens.withClaims(claims) })).status;

  test('a literal top-level "app_metadata.role" never stands in for the nested claim', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await status({ sub: 'a', app_metadata: { role: 'admin' } })).toBe(200);
    expect(await status({ sub: 'f', 'app_metadata.role': 'admin', app_metadata: { role: 'member' } })).toBe(403);
    expect(await status({ sub: 'f', 'app_metadata.role': 'admin', app_metadata: { role: 'member' } }, '/v1/images')).toBe(200);
    expect(await status({ sub: 'g', 'app_metadata.role': 'admin', exp: now + 600 })).toBe(403);
  });

  test('exp further ahead than AUTH_MAX_TOKEN_LIFETIME_SECONDS, or iat in the future, is 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const admin = { sub: 'a', app_metadata: { role: 'admin' } };
    expect(await status({ ...admin, exp: now + 3000 })).toBe(200);
    expect(await status({ ...admin, exp: now + 7200 })).toBe(401);
    expect(await status({ ...admin, exp: 1e300 })).toBe(401);
    const future = await svc.call('/v1/images', { token: await svc.tokens.withClaims({ ...admin, exp: now + 600, iat: now + 365 * 86400 }) });
    expect(future.status).toBe(401);
    expect(future.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  test('the CLI mints no token longer than the service accepts', async () => {
    const run = await runCli(['token', '--role', 'admin', '--ttl', '30d'], {
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      AUTH_ROLE_CLAIM: 'app_metadata.role',
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('capped at AUTH_MAX_TOKEN_LIFETIME_SECONDS');
    const token = run.stdout.trim();
    const claims = decodeJwt(token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(claims).toMatchObject({ app_metadata: { role: 'admin' } });
    expect((await svc.call('/v1/admin/images', { token })).status).toBe(200);
  }, 90_000);
});
