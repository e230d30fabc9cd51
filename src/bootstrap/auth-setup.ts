import { join, resolve } from 'node:path';
import { signDevToken } from '../adapters/http/dev-token-issuer.ts';
import { createJwtVerifier, type TokenVerifier } from '../adapters/http/jwt-verifier.ts';
import type { RoleRules } from '../adapters/http/role-claims.ts';
import type { Config } from './config.ts';
import { loadOrCreateSecret } from './secret-file.ts';

/** Development tokens are printed on a terminal: short-lived, so a leaked scrollback is not a standing key. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

export const roleRules = (config: Config): RoleRules => ({
  roleClaim: config.AUTH_ROLE_CLAIM,
  adminRoles: config.AUTH_ADMIN_ROLES,
  memberRoles: config.AUTH_MEMBER_ROLES,
});

export interface AuthSetup {
  verifier: TokenVerifier;
  /** Set when the service generated its own secret (development only): tokens to print at start-up. */
  devTokens: { admin: string; member: string } | null;
  secret: string | null;
}

/**
 * AUTH_JWT_SECRET or AUTH_JWKS_URL as configured. With neither, outside production, a secret is
 * generated (kept in DATA_DIR so tokens survive restarts) and an admin and a member token are minted.
 * Production without either never gets here: the config schema refuses it.
 */
export const setUpAuth = async (config: Config): Promise<AuthSetup> => {
  const common = {
    roles: roleRules(config),
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
  };
  if (config.AUTH_JWKS_URL && !config.AUTH_JWT_SECRET) {
    return { verifier: createJwtVerifier({ ...common, jwksUrl: config.AUTH_JWKS_URL }), devTokens: null, secret: null };
  }
  if (config.AUTH_JWT_SECRET) {
    return {
      verifier: createJwtVerifier({
        ...common,
        secret: config.AUTH_JWT_SECRET,
        ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
      }),
      devTokens: null,
      secret: config.AUTH_JWT_SECRET,
    };
  }
  const secret = await loadOrCreateSecret(join(resolve(config.DATA_DIR), 'dev-jwt.key'));
  const mint = (sub: string, role: 'admin' | 'member') =>
    signDevToken(secret, {
      sub,
      role,
      ttlSeconds: DEV_TOKEN_TTL_SECONDS,
      roleClaim: config.AUTH_ROLE_CLAIM,
      roleValue: role === 'admin' ? config.AUTH_ADMIN_ROLES[0]! : config.AUTH_MEMBER_ROLES[0]!,
      ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
      ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
    });
  return {
    verifier: createJwtVerifier({ ...common, secret }),
    devTokens: { admin: await mint('dev-admin', 'admin'), member: await mint('dev-member', 'member') },
    secret,
  };
};
