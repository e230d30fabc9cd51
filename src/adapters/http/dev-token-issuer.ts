import { SignJWT, type JWTPayload } from 'jose';
import type { Role } from '../../domain/actor.ts';

export interface DevTokenClaims {
  sub: string;
  role: Role;
  ttlSeconds?: number;
  /** Same meaning as AUTH_ROLE_CLAIM: a URL is one literal claim, a dotted path nests the role. */
  roleClaim?: string;
  /** The claim's value for that role (the first of AUTH_ADMIN_ROLES / AUTH_MEMBER_ROLES); the role's name by default. */
  roleValue?: string;
  issuer?: string;
  audience?: string;
}

const nestAt = (path: string, value: unknown): JWTPayload =>
  (/^https?:\/\//.test(path) ? [path] : path.split('.')).reverse().reduce<unknown>((inner, key) => ({ [key]: inner }), value) as JWTPayload;

/** HS256 tokens for development start-up and tests; production tokens come from the identity provider. */
export const signDevToken = async (secret: string, claims: DevTokenClaims): Promise<string> => {
  let jwt = new SignJWT(nestAt(claims.roleClaim ?? 'role', claims.roleValue ?? claims.role))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 3600}s`);
  if (claims.issuer !== undefined) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
};
