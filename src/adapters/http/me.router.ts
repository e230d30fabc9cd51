import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from './auth.ts';
import type { OpenApiRegistry } from './openapi.ts';

export interface MeRouterDeps {
  /** FEATURES: which phases this deployment serves. */
  features: readonly string[];
  openapi: OpenApiRegistry;
}

const meSchema = z
  .object({
    sub: z.string().describe('The caller, as the token (or the host) identified them'),
    role: z.enum(['admin', 'member']).describe('The role the service gives the caller, after AUTH_ADMIN_ROLES / AUTH_MEMBER_ROLES'),
    features: z.array(z.enum(['images', 'music', 'streaming'])).describe('The phases this deployment serves'),
  })
  .meta({ id: 'Me' });

/**
 * `GET /v1/me`: who the service takes the caller to be. The page asks this instead of decoding the token
 * itself, so that it applies exactly the server's role rules (nested and namespaced claims, role lists, a
 * host's own authentication) and shows only the features that are on.
 */
export const createMeRouter = (deps: MeRouterDeps): Router => {
  const router = Router();
  deps.openapi.register({
    method: 'get',
    path: '/v1/me',
    summary: 'The caller and the features served',
    tags: ['account'],
    security: 'member',
    responses: {
      200: { description: 'The caller', schema: meSchema },
      401: { description: 'Missing or invalid token' },
      403: { description: 'No role this service knows' },
    },
  });
  router.get('/v1/me', (_req, res) => {
    const actor = actorOf(res);
    res.json({ sub: actor.sub, role: actor.role, features: deps.features });
  });
  return router;
};
