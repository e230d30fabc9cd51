import type { Actor, Role } from '../../domain/actor.ts';
import { unauthenticated, unknownRole } from './http-errors.ts';

/** AUTH_ROLE_CLAIM, AUTH_ADMIN_ROLES, AUTH_MEMBER_ROLES: how a host's claims map to the service's two roles. */
export interface RoleRules {
  /** A URL (`https://example.org/roles`) names one top-level claim literally; anything else is a dotted path. */
  roleClaim: string;
  adminRoles: readonly string[];
  memberRoles: readonly string[];
}

export const DEFAULT_ROLE_RULES: RoleRules = { roleClaim: 'role', adminRoles: ['admin'], memberRoles: ['member'] };

const NAMESPACED = /^https?:\/\//;

const own = (node: unknown, key: string): unknown =>
  node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;

/**
 * The value of the role claim. A dotted name is only ever a path into nested objects: a top-level key that
 * itself contains the dots is a different claim, and reading it too would let a token choose its role.
 */
export const roleClaimValue = (claims: Record<string, unknown>, roleClaim: string): unknown =>
  NAMESPACED.test(roleClaim) ? own(claims, roleClaim) : roleClaim.split('.').reduce<unknown>(own, claims);

/** A string or an array of strings; admin wins when both lists match. */
export const roleFromClaims = (claims: Record<string, unknown>, rules: RoleRules): Role | undefined => {
  const value = roleClaimValue(claims, rules.roleClaim);
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  if (values.some((v) => rules.adminRoles.includes(v))) return 'admin';
  if (values.some((v) => rules.memberRoles.includes(v))) return 'member';
  return undefined;
};

/** The caller, from claims someone has already verified (a JWT, or the host's own session). */
export const actorFromClaims = (claims: Record<string, unknown>, rules: RoleRules): Actor => {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') {
    throw unauthenticated('claims without a subject', 'The access token has no subject.');
  }
  const role = roleFromClaims(claims, rules);
  if (role === undefined) {
    throw unknownRole();
  }
  return { sub, role };
};
