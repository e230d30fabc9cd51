import { Router, type Request } from 'express';
import { imageNotFound } from '../../domain/errors/images.errors.ts';
import type { GetImage } from '../../application/use-cases/images/browse/get-image.use-case.ts';
import type { ListImages } from '../../application/use-cases/images/browse/list-images.use-case.ts';
import { actorOf } from './auth.ts';
import { imageListSchema, imageSchema, listQuerySchema } from './images.schemas.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import { parseRequest } from './validate.ts';
import { pathId } from './path-id.ts';

export interface ImagesMemberRouterDeps {
  /** Built for the member audience: public and ready images only. */
  listImages: ListImages;
  getImage: GetImage;
  openapi: OpenApiRegistry;
}

const imageId = (req: Request): string => pathId(req, imageNotFound);

const ERRORS = { 401: { description: 'Missing or invalid token' }, 429: { description: 'Rate limited' } };

/** The gallery as members see it; an admin reading here gets exactly the member view. */
export const createImagesMemberRouter = (deps: ImagesMemberRouterDeps): Router => {
  const router = Router();
  const { openapi } = deps;

  openapi.register({
    method: 'get',
    path: '/v1/images',
    summary: 'List public images (newest first)',
    tags: ['images'],
    security: 'member',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of images with presigned URLs', schema: imageListSchema }, 400: { description: 'Bad query' }, ...ERRORS },
  });
  router.get('/v1/images', async (req, res) => {
    const { query } = parseRequest(req, { query: listQuerySchema });
    res.json(await deps.listImages.execute(actorOf(res), { limit: query.limit, cursor: query.cursor ?? null }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/images/{id}',
    summary: 'One public image',
    tags: ['images'],
    security: 'member',
    responses: { 200: { description: 'The image', schema: imageSchema }, 404: { description: 'Unknown or not visible' }, ...ERRORS },
  });
  router.get(toExpressPath('/v1/images/{id}'), async (req, res) => {
    res.json(await deps.getImage.execute(actorOf(res), { id: imageId(req) }));
  });

  return router;
};
