import { SignJWT, type JWTPayload } from 'jose';
import type { Role } from '../../domain/actor.ts';

export interface DevTokenClaims {
  sub: string;
  role: Role;
  ttlSeconds?: number;
  /** Same meaning as AUTH_ROLE_CLAIM; a dotted path nests the role. */
  roleClaim?: string;
  issuer?: string;
  audience?: string;
}

const nestAt = (path: string, value: unknown): JWTPayload =>
  path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as JWTPayload;

/** HS256 tokens for development start-up and tests; production tokens come from the identity provider. */
export const signDevToken = async (secret: string, claims: DevTokenClaims): Promise<string> => {
  let jwt = new SignJWT(nestAt(claims.roleClaim ?? 'role', claims.role))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 3600}s`);
  if (claims.issuer !== undefined) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
};
