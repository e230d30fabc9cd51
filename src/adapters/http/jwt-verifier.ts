import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Actor } from '../../domain/actor.ts';
import { authUnavailable, unauthenticated, type HttpAppError } from './http-errors.ts';
import { actorFromClaims, DEFAULT_ROLE_RULES, type RoleRules } from './role-claims.ts';

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
  /** Which claim holds the role and which of its values make an admin or a member. */
  roles?: RoleRules;
  /** Capped at 30 s. */
  clockToleranceSeconds?: number;
  /** AUTH_MAX_TOKEN_LIFETIME_SECONDS: a token whose `exp` lies further ahead than this is refused. */
  maxLifetimeSeconds?: number;
}

const DEFAULT_MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

/** Only asymmetric algorithms with a JWKS, so a public key can never be used as an HMAC secret. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const MAX_TOKEN_LENGTH = 16 * 1024;

const invalidToken = (detail: string, cause?: unknown): HttpAppError => unauthenticated('invalid bearer token', detail, cause);

const mapJoseError = (error: unknown): HttpAppError => {
  if (error instanceof errors.JWTExpired) return invalidToken('The access token has expired.', error);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    return authUnavailable('JWKS unavailable', 'The keys of the identity provider could not be fetched. Try again later.', error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) return invalidToken(`The ${error.claim} claim of the access token is missing or not valid.`, error);
  return invalidToken('The access token is not valid.', error);
};

export const createJwtVerifier = (options: JwtVerifierOptions): TokenVerifier => {
  if (options.secret === undefined && options.jwksUrl === undefined) throw new Error('createJwtVerifier needs a secret or a jwksUrl');
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const jwks = options.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(options.jwksUrl));
  const roles = options.roles ?? DEFAULT_ROLE_RULES;
  const toleranceSeconds = Math.min(30, Math.max(0, options.clockToleranceSeconds ?? 30));
  const maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const common: JWTVerifyOptions = {
    requiredClaims: ['exp', 'sub'],
    clockTolerance: toleranceSeconds,
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
      const nowSeconds = Date.now() / 1000;
      // A stolen token that never expires is a stolen account: the issuer's word on `exp` is capped here.
      if (typeof payload.exp !== 'number' || payload.exp - nowSeconds > maxLifetimeSeconds) {
        throw invalidToken(`The access token is valid for longer than this service accepts (${maxLifetimeSeconds} s).`);
      }
      if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat - nowSeconds > toleranceSeconds)) {
        throw invalidToken('The access token was issued in the future.');
      }
      return actorFromClaims(payload, roles);
    },
  };
};
