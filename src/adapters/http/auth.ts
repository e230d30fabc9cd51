import type { RequestHandler, Response } from 'express';
import { AppError, isAppError } from '../../domain/app-error.ts';
import type { Actor, Role } from '../../domain/actor.ts';
import type { TokenVerifier } from './jwt-verifier.ts';
import { grantContinue } from './request-bounds.ts';

const REALM = 'realm="synesthesie-media"';
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const quotable = (text: string): string => text.replace(/[^\x20-\x7e]|["\\]/g, '');
const JSON_TYPES = ['application/json', 'application/*+json'];
const RANK: Record<Role, number> = { member: 1, admin: 2 };

/** Every `/v1/**` request: a valid bearer token or 401 with `WWW-Authenticate: Bearer`. The caller lands on `res.locals.actor`. */
export const authenticate =
  (verifier: TokenVerifier): RequestHandler =>
  async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      res.setHeader('WWW-Authenticate', `Bearer ${REALM}`);
      throw new AppError('UNAUTHENTICATED', 'no bearer token', { detail: 'A bearer token is required.' });
    }
    const token = BEARER.exec(header)?.[1];
    try {
      if (token === undefined) throw new AppError('UNAUTHENTICATED', 'malformed authorization header', { detail: 'The Authorization header must be "Bearer <token>".' });
      res.locals.actor = await verifier.verify(token);
      // A JSON body is read next, within its small limit; every other body waits for its route's admitBody.
      if (req.is(JSON_TYPES)) grantContinue(req, res);
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
        res.setHeader('WWW-Authenticate', `Bearer ${REALM}, error="invalid_token", error_description="${quotable(error.detail ?? 'invalid token')}"`);
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
  if (actor === undefined) throw new AppError('UNAUTHENTICATED', 'no actor on the request', { detail: 'A bearer token is required.' });
  return actor;
};

/** 403 unless the caller has `role` or a higher one (admins may call every member route). */
export const requireRole =
  (role: Role): RequestHandler =>
  (_req, res, next) => {
    if (RANK[actorOf(res).role] < RANK[role]) {
      res.setHeader('WWW-Authenticate', `Bearer ${REALM}, error="insufficient_scope"`);
      throw new AppError('FORBIDDEN', `requires role ${role}`, { detail: `This route requires the ${role} role.` });
    }
    next();
  };
