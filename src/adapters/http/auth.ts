import type { Request, RequestHandler, Response } from 'express';
import { isAppError } from '../../domain/app-error.ts';
import type { Actor, Role } from '../../domain/actor.ts';
import { authUnavailable, noCredentials, roleRequired, unauthenticated, type ProblemCode } from './http-errors.ts';
import type { TokenVerifier } from './jwt-verifier.ts';
import { grantContinue } from './request-bounds.middleware.ts';
import { actorFromClaims, type RoleRules } from './role-claims.ts';

const REALM = 'realm="synesthesie-media"';
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const quotable = (text: string): string => text.replace(/[^\x20-\x7e]|["\\]/g, '');
const JSON_TYPES = ['application/json', 'application/*+json'];
const RANK: Record<Role, number> = { member: 1, admin: 2 };

/** Who is calling: resolves to the actor, or rejects with AppError UNAUTHENTICATED / FORBIDDEN. */
export type RequestAuthenticator = (req: Request) => Promise<Actor>;

/**
 * The host backend's own authentication (its session cookie, say): claims of the caller, or null when the
 * request is not signed in. The role rules (AUTH_ROLE_CLAIM, AUTH_ADMIN_ROLES, AUTH_MEMBER_ROLES) apply to them.
 */
export type HostAuthenticate = (req: Request) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null;

/** `Authorization: Bearer <JWT>`, checked by the verifier. */
export const bearerAuthenticator =
  (verifier: TokenVerifier): RequestAuthenticator =>
  async (req) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') throw noCredentials();
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw unauthenticated('malformed authorization header', 'The Authorization header must be "Bearer <token>".');
    }
    return verifier.verify(token);
  };

/** The host's hook instead of bearer tokens; what it throws is its own failure, not the caller's. */
export const hostAuthenticator =
  (hook: HostAuthenticate, rules: RoleRules): RequestAuthenticator =>
  async (req) => {
    let claims: Record<string, unknown> | null;
    try {
      claims = await hook(req);
    } catch (error) {
      throw authUnavailable('host authentication failed', 'The caller could not be authenticated. Try again later.', error);
    }
    if (claims === null || typeof claims !== 'object') throw noCredentials();
    return actorFromClaims(claims, rules);
  };

/** Every `/v1/**` request: an authenticated caller or 401 with `WWW-Authenticate: Bearer`. The caller lands on `res.locals.actor`. */
export const authenticate =
  (authenticator: RequestAuthenticator): RequestHandler =>
  async (req, res, next) => {
    try {
      res.locals.actor = await authenticator(req);
      // A JSON body is read next, within its small limit; every other body waits for its route's admitBody.
      if (req.is(JSON_TYPES)) grantContinue(req, res);
    } catch (error) {
      if (isAppError<ProblemCode>(error) && error.code === 'UNAUTHENTICATED') {
        const missing = (req.get('authorization') ?? '').trim() === '';
        res.setHeader(
          'WWW-Authenticate',
          missing ? `Bearer ${REALM}` : `Bearer ${REALM}, error="invalid_token", error_description="${quotable(error.detail ?? 'invalid token')}"`,
        );
      } else if (isAppError(error) && error.code === 'FORBIDDEN') {
        res.setHeader('WWW-Authenticate', `Bearer ${REALM}, error="insufficient_scope"`);
      }
      throw error;
    }
    next();
  };

/** The authenticated caller; only valid behind `authenticate`. */
export const actorOf = (res: Response): Actor => {
  const actor = res.locals.actor as Actor | undefined;
  if (actor === undefined) throw unauthenticated('no actor on the request', 'A bearer token is required.');
  return actor;
};

/** 403 unless the caller has `role` or a higher one (admins may call every member route). */
export const requireRole =
  (role: Role): RequestHandler =>
  (_req, res, next) => {
    if (RANK[actorOf(res).role] < RANK[role]) {
      res.setHeader('WWW-Authenticate', `Bearer ${REALM}, error="insufficient_scope"`);
      throw roleRequired(role);
    }
    next();
  };
