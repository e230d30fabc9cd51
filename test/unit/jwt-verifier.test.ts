import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isAppError } from '../../src/domain/app-error.ts';
import { signDevToken } from '../../src/adapters/http/dev-token-issuer.ts';
import { DEFAULT_ROLE_RULES } from '../../src/adapters/http/role-claims.ts';
import { createJwtVerifier } from '../../src/adapters/http/jwt-verifier.ts';
import { rsaSigner, tokenMint, type RsaSigner } from '../support/tokens.ts';

const mint = tokenMint();

const rejection = async (promise: Promise<unknown>): Promise<{ code: string; detail?: string }> => {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('HS256 secret', () => {
  const verifier = createJwtVerifier({ secret: mint.secret });

  test('accepts admin and member tokens and returns the actor', async () => {
    await expect(verifier.verify(await mint.admin('a-1'))).resolves.toEqual({ sub: 'a-1', role: 'admin' });
    await expect(verifier.verify(await mint.member('m-1'))).resolves.toEqual({ sub: 'm-1', role: 'member' });
  });

  test.each([
    ['expired', () => mint.expired(), /expired/],
    ['wrong secret', () => mint.wrongSecret(), /not valid/],
    ['alg none', async () => mint.algNone(), /./],
    ['RS256', () => mint.rs256(), /./],
    ['missing exp', () => mint.missingExp(), /exp/],
    ['missing sub', () => mint.missingSub(), /sub/],
    ['garbage', async () => 'garbage', /malformed/],
    ['oversized', async () => `${'a'.repeat(20_000)}.b.c`, /too long/],
  ])('rejects %s as UNAUTHENTICATED', async (_name, token, detail) => {
    const error = await rejection(verifier.verify(await token()));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.detail).toMatch(detail);
  });

  test('a valid token without a known role is FORBIDDEN, not UNAUTHENTICATED', async () => {
    expect((await rejection(verifier.verify(await mint.withClaims({ sub: 'x' })))).code).toBe('FORBIDDEN');
    expect((await rejection(verifier.verify(await mint.withClaims({ sub: 'x', role: 'owner' })))).code).toBe('FORBIDDEN');
  });

  test('tolerates clock skew up to 30 s and not beyond', async () => {
    const expiredBy = async (seconds: number) =>
      new SignJWT({ role: 'member' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('skew')
        .setExpirationTime(Math.floor(Date.now() / 1000) - seconds)
        .sign(new TextEncoder().encode(mint.secret));
    await expect(verifier.verify(await expiredBy(10))).resolves.toMatchObject({ sub: 'skew' });
    expect((await rejection(verifier.verify(await expiredBy(45)))).code).toBe('UNAUTHENTICATED');
    const lenient = createJwtVerifier({ secret: mint.secret, clockToleranceSeconds: 3600 });
    expect((await rejection(lenient.verify(await expiredBy(45)))).code).toBe('UNAUTHENTICATED');
  });

  test('checks issuer and audience when configured', async () => {
    const strict = createJwtVerifier({ secret: mint.secret, issuer: 'https://id.example', audience: 'media' });
    const good = await signDevToken(mint.secret, { sub: 's', role: 'member', issuer: 'https://id.example', audience: 'media' });
    await expect(strict.verify(good)).resolves.toEqual({ sub: 's', role: 'member' });
    const wrongIssuer = await signDevToken(mint.secret, { sub: 's', role: 'member', issuer: 'https://evil.example', audience: 'media' });
    expect(await rejection(strict.verify(wrongIssuer))).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('iss') });
    const noAudience = await signDevToken(mint.secret, { sub: 's', role: 'member', issuer: 'https://id.example' });
    expect(await rejection(strict.verify(noAudience))).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('aud') });
  });

  test('reads the role from a configured, possibly dotted, claim', async () => {
    const nested = createJwtVerifier({ secret: mint.secret, roles: { ...DEFAULT_ROLE_RULES, roleClaim: 'app_metadata.role' } });
    const token = await signDevToken(mint.secret, { sub: 'n', role: 'admin', roleClaim: 'app_metadata.role' });
    await expect(nested.verify(token)).resolves.toEqual({ sub: 'n', role: 'admin' });
    expect((await rejection(nested.verify(await mint.admin()))).code).toBe('FORBIDDEN');
    const flatName = createJwtVerifier({ secret: mint.secret, roles: { ...DEFAULT_ROLE_RULES, roleClaim: 'https://synesthesie.app/role' } });
    await expect(flatName.verify(await mint.withClaims({ sub: 'u', 'https://synesthesie.app/role': 'member' }))).resolves.toEqual({ sub: 'u', role: 'member' });
    await expect(verifierWithRoles().verify(await mint.withClaims({ sub: 'r', roles: ['member', 'admin'] }))).resolves.toEqual({ sub: 'r', role: 'admin' });
  });

  test('a dotted role claim is only a path: a literal top-level key with the dots never counts', async () => {
    const nested = createJwtVerifier({ secret: mint.secret, roles: { ...DEFAULT_ROLE_RULES, roleClaim: 'app_metadata.role' } });
    const forged = await mint.withClaims({ sub: 'f', 'app_metadata.role': 'admin', app_metadata: { role: 'member' } });
    await expect(nested.verify(forged)).resolves.toEqual({ sub: 'f', role: 'member' });
    const literalOnly = await mint.withClaims({ sub: 'g', 'app_metadata.role': 'admin' });
    expect((await rejection(nested.verify(literalOnly))).code).toBe('FORBIDDEN');
  });

  test("a host's own role values map to admin and member, from a string or an array", async () => {
    const host = createJwtVerifier({
      secret: mint.secret,
      roles: { roleClaim: 'roles', adminRoles: ['organizer', 'staff'], memberRoles: ['customer'] },
    });
    await expect(host.verify(await mint.withClaims({ sub: 'o', roles: ['organizer'] }))).resolves.toEqual({ sub: 'o', role: 'admin' });
    await expect(host.verify(await mint.withClaims({ sub: 'c', roles: 'customer' }))).resolves.toEqual({ sub: 'c', role: 'member' });
    await expect(host.verify(await mint.withClaims({ sub: 'b', roles: ['customer', 'staff'] }))).resolves.toEqual({ sub: 'b', role: 'admin' });
    // The service's own names mean nothing to a host that did not list them.
    expect((await rejection(host.verify(await mint.withClaims({ sub: 'a', roles: ['admin'] })))).code).toBe('FORBIDDEN');
    expect((await rejection(host.verify(await mint.withClaims({ sub: 'n', roles: [42, { admin: true }] })))).code).toBe('FORBIDDEN');
  });

  test('tokens that live longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS, or were issued in the future, are refused', async () => {
    const verifier = createJwtVerifier({ secret: mint.secret, maxLifetimeSeconds: 3600 });
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(await mint.withClaims({ sub: 'ok', role: 'member', exp: now + 3500 }))).resolves.toEqual({ sub: 'ok', role: 'member' });
    const long = await rejection(verifier.verify(await mint.withClaims({ sub: 'l', role: 'member', exp: now + 7200 })));
    expect(long).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('longer') });
    expect((await rejection(verifier.verify(await mint.withClaims({ sub: 'h', role: 'member', exp: 1e300 })))).code).toBe('UNAUTHENTICATED');
    const future = await rejection(verifier.verify(await mint.withClaims({ sub: 'i', role: 'member', exp: now + 600, iat: now + 365 * 24 * 3600 })));
    expect(future).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('future') });
    // Within the clock tolerance (30 s) a slightly early iat is another machine's clock, not an attack.
    await expect(verifier.verify(await mint.withClaims({ sub: 'j', role: 'member', exp: now + 600, iat: now + 10 }))).resolves.toEqual({
      sub: 'j',
      role: 'member',
    });
    // The default is 7 days.
    const defaults = createJwtVerifier({ secret: mint.secret });
    expect((await rejection(defaults.verify(await mint.withClaims({ sub: 'w', role: 'member', exp: now + 8 * 24 * 3600 })))).code).toBe('UNAUTHENTICATED');
  });

  const verifierWithRoles = () => createJwtVerifier({ secret: mint.secret, roles: { ...DEFAULT_ROLE_RULES, roleClaim: 'roles' } });
});

describe('JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let signer: RsaSigner;
  let requests = 0;

  beforeAll(async () => {
    signer = await rsaSigner('k1');
    server = createServer((req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [signer.jwk] }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('verifies RS256 tokens against the fetched key set', async () => {
    const verifier = createJwtVerifier({ jwksUrl });
    await expect(verifier.verify(await signer.sign({ sub: 'j', role: 'member' }))).resolves.toEqual({ sub: 'j', role: 'member' });
    expect(requests).toBeGreaterThan(0);
  });

  test('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const verifier = createJwtVerifier({ jwksUrl });
    expect((await rejection(verifier.verify(await mint.hsWithPublicKey(signer.publicKeyPem)))).code).toBe('UNAUTHENTICATED');
    const both = createJwtVerifier({ jwksUrl, secret: mint.secret });
    expect((await rejection(both.verify(await mint.hsWithPublicKey(signer.publicKeyPem)))).code).toBe('UNAUTHENTICATED');
    await expect(both.verify(await mint.member('hs'))).resolves.toEqual({ sub: 'hs', role: 'member' });
    await expect(both.verify(await signer.sign({ sub: 'rs', role: 'admin' }))).resolves.toEqual({ sub: 'rs', role: 'admin' });
  });

  test('refuses a token signed by a key that is not in the set, and an unknown kid', async () => {
    const verifier = createJwtVerifier({ jwksUrl });
    const stranger = await rsaSigner('k1');
    expect((await rejection(verifier.verify(await stranger.sign({ sub: 's', role: 'admin' })))).code).toBe('UNAUTHENTICATED');
    expect((await rejection(verifier.verify(await signer.sign({ sub: 's', role: 'admin' }, { kid: 'nope' })))).code).toBe('UNAUTHENTICATED');
  });

  test('an unreachable key set is a server-side failure, not a bad token', async () => {
    const verifier = createJwtVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    const error = await rejection(verifier.verify(await signer.sign({ sub: 's', role: 'admin' })));
    expect(error.code).toBe('AUTH_UNAVAILABLE');
  });
});

test('a verifier needs a secret or a JWKS URL', () => {
  expect(() => createJwtVerifier({})).toThrow(/secret or a jwksUrl/);
});
