import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { AppError } from '../../domain/app-error.ts';
import type { Actor, Role } from '../../domain/actor.ts';

/** Turns a bearer token into the caller. Rejects with AppError UNAUTHENTICATED or FORBIDDEN. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export interface JwtVerifierOptions {
  /** HS256 shared secret. */
  secret?: string;
  /** JWKS document for asymmetric algorithms. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Claim holding the role; a dotted path (`app_metadata.role`) reaches into nested objects. */
  roleClaim?: string;
  /** Capped at 30 s. */
  clockToleranceSeconds?: number;
}

/** Only asymmetric algorithms with a JWKS, so a public key can never be used as an HMAC secret. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const MAX_TOKEN_LENGTH = 16 * 1024;

const invalidToken = (detail: string, cause?: unknown): AppError =>
  new AppError('UNAUTHENTICATED', 'invalid bearer token', { detail, cause });

const claimAt = (payload: JWTPayload, path: string): unknown =>
  (payload[path] ?? path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), payload));

const roleFrom = (value: unknown): Role | undefined => {
  const roles = Array.isArray(value) ? value : [value];
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('member')) return 'member';
  return undefined;
};

const mapJoseError = (error: unknown): AppError => {
  if (error instanceof errors.JWTExpired) return invalidToken('The access token has expired.', error);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    return new AppError('AUTH_UNAVAILABLE', 'JWKS unavailable', {
      detail: 'The keys of the identity provider could not be fetched. Try again later.',
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) return invalidToken(`The ${error.claim} claim of the access token is missing or not valid.`, error);
  return invalidToken('The access token is not valid.', error);
};

export const createJwtVerifier = (options: JwtVerifierOptions): TokenVerifier => {
  if (options.secret === undefined && options.jwksUrl === undefined) throw new Error('createJwtVerifier needs a secret or a jwksUrl');
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const jwks = options.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(options.jwksUrl));
  const roleClaim = options.roleClaim ?? 'role';
  const common: JWTVerifyOptions = {
    requiredClaims: ['exp', 'sub'],
    clockTolerance: Math.min(30, Math.max(0, options.clockToleranceSeconds ?? 30)),
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  };

  const verifyPayload = async (token: string): Promise<JWTPayload> => {
    if (token.length > MAX_TOKEN_LENGTH) throw invalidToken('The access token is too long.');
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw invalidToken('The access token is malformed.', error);
    }
    try {
      if (alg === 'HS256' && secret !== undefined) return (await jwtVerify(token, secret, { ...common, algorithms: ['HS256'] })).payload;
      if (jwks !== undefined) return (await jwtVerify(token, jwks, { ...common, algorithms: ASYMMETRIC_ALGORITHMS })).payload;
    } catch (error) {
      throw mapJoseError(error);
    }
    throw invalidToken('The access token is signed with an algorithm this service does not accept.');
  };

  return {
    async verify(token) {
      const payload = await verifyPayload(token);
      if (typeof payload.sub !== 'string' || payload.sub === '') throw invalidToken('The access token has no subject.');
      const role = roleFrom(claimAt(payload, roleClaim));
      if (role === undefined) {
        throw new AppError('FORBIDDEN', 'token without a known role', { detail: 'The access token carries no role this service knows.' });
      }
      return { sub: payload.sub, role };
    },
  };
};
