import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { signDevToken } from '../../src/adapters/http/dev-token-issuer.ts';
import type { Role } from '../../src/domain/actor.ts';

/** A secret long enough for the config schema (32+ characters). */
export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

const key = (secret: string) => new TextEncoder().encode(secret);

export interface TokenMint {
  secret: string;
  admin(sub?: string): Promise<string>;
  member(sub?: string): Promise<string>;
  /** Valid signature, expired well beyond the 30 s clock tolerance. */
  expired(role?: Role): Promise<string>;
  wrongSecret(role?: Role): Promise<string>;
  algNone(role?: Role): string;
  /** RS256, signed with a key pair of its own: what an HS256-only verifier must refuse. */
  rs256(role?: Role): Promise<string>;
  /** HS256 keyed with the bytes of an RSA public key: the classic algorithm-confusion forgery. */
  hsWithPublicKey(publicKeyPem: string, role?: Role): Promise<string>;
  missingExp(role?: Role): Promise<string>;
  missingSub(role?: Role): Promise<string>;
  withClaims(claims: Record<string, unknown>, ttlSeconds?: number): Promise<string>;
}

export const tokenMint = (secret = TEST_JWT_SECRET): TokenMint => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = () => Math.floor(Date.now() / 1000);
  return {
    secret,
    admin: (sub = `admin-${randomUUID()}`) => signDevToken(secret, { sub, role: 'admin' }),
    member: (sub = `member-${randomUUID()}`) => signDevToken(secret, { sub, role: 'member' }),
    expired: (role = 'admin') =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('expired')
        .setIssuedAt(now() - 7200)
        .setExpirationTime(now() - 3600)
        .sign(key(secret)),
    wrongSecret: (role = 'admin') => signDevToken(`${secret}-but-not-quite`, { sub: 'forger', role }),
    algNone: (role = 'admin') => new UnsecuredJWT({ role }).setSubject('forger').setExpirationTime('1h').encode(),
    rs256: (role = 'admin') => new SignJWT({ role }).setProtectedHeader({ alg: 'RS256' }).setSubject('forger').setExpirationTime('1h').sign(rsa.privateKey),
    hsWithPublicKey: (publicKeyPem, role = 'admin') =>
      new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject('forger').setExpirationTime('1h').sign(key(publicKeyPem)),
    missingExp: (role = 'admin') => new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject('no-exp').setIssuedAt().sign(key(secret)),
    missingSub: (role = 'admin') => new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(key(secret)),
    // `exp` and `iat` given in the claims are kept as they are (lifetime tests need tokens no issuer should make).
    withClaims: (claims, ttlSeconds = 3600) =>
      new SignJWT({ iat: now(), exp: now() + ttlSeconds, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(key(secret)),
  };
};

export interface RsaSigner {
  jwk: JWK;
  publicKeyPem: string;
  sign(claims: Record<string, unknown>, options?: { alg?: string; ttlSeconds?: number; kid?: string }): Promise<string>;
}

/** An RSA key with its public JWK, for JWKS-backed verification. */
export const rsaSigner = async (kid = 'test-key'): Promise<RsaSigner> => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwk,
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? kid })
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600))
        .sign(pair.privateKey),
  };
};
