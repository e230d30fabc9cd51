import { Router, type Request } from 'express';
import { imageNotFound } from '../../domain/errors/images.errors.ts';
import type { DeleteImage } from '../../application/use-cases/images/manage/delete-image.use-case.ts';
import type { GetImage } from '../../application/use-cases/images/browse/get-image.use-case.ts';
import type { ListImages } from '../../application/use-cases/images/browse/list-images.use-case.ts';
import type { UpdateImage } from '../../application/use-cases/images/manage/update-image.use-case.ts';
import type { ImageFields, UploadImages } from '../../application/use-cases/images/manage/upload-images.use-case.ts';
import { actorOf, requireRole } from './auth.ts';
import {
  adminImageListQuerySchema,
  imageListSchema,
  imagePatchSchema,
  imageSchema,
  imageUploadBodySchema,
  imageUploadFieldsSchema,
  uploadResultSchema,
} from './images.schemas.ts';
import { parseMultipart } from './multipart.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import { parseRequest, requireJson } from './validate.ts';
import { definedOnly, drainRequest, parseFormFields } from './form-fields.ts';
import { pathId } from './path-id.ts';

export interface ImagesAdminRouterDeps {
  uploadImages: UploadImages;
  /** Built for the admin audience: every image, in every state, with originals and admin fields. */
  listImages: ListImages;
  getImage: GetImage;
  updateImage: UpdateImage;
  deleteImage: DeleteImage;
  openapi: OpenApiRegistry;
  maxImageBytes: number;
}

const imageId = (req: Request): string => pathId(req, imageNotFound);

const ERRORS = { 401: { description: 'Missing or invalid token' }, 429: { description: 'Rate limited' } };

/** Uploads, edits and the admin view of every image; every route needs the admin role. */
export const createImagesAdminRouter = (deps: ImagesAdminRouterDeps): Router => {
  const router = Router();
  const { openapi } = deps;

  const adminOnly = requireRole('admin');

  openapi.register({
    method: 'post',
    path: '/v1/admin/images',
    summary: 'Upload one or more images',
    tags: ['admin: images'],
    security: 'admin',
    description:
      'multipart/form-data with one or more `file` parts; `title`, `description`, `visibility` apply to every file. Files are validated by their bytes.',
    request: { body: imageUploadBodySchema, bodyContentType: 'multipart/form-data' },
    responses: {
      201: { description: 'Stored images, and the files that failed', schema: uploadResultSchema },
      400: { description: 'Malformed body or bad field' },
      403: { description: 'Not an admin' },
      413: { description: 'Too many files' },
      415: { description: 'Not multipart/form-data' },
      422: { description: 'Every file failed (problem with `failed`)' },
      ...ERRORS,
    },
  });
  router.post('/v1/admin/images', adminOnly, async (req, res) => {
    const body = parseMultipart(req, res, { fileField: 'file', maxFileBytes: deps.maxImageBytes, maxFieldBytes: 128 * 1024 });
    try {
      const result = await deps.uploadImages.execute(actorOf(res), {
        files: body.files,
        fields: () => uploadFields(body.fields()),
      });
      res.status(201).json(result);
    } catch (error) {
      drainRequest(req, res);
      throw error;
    }
  });

  openapi.register({
    method: 'get',
    path: '/v1/admin/images',
    summary: 'List all images',
    tags: ['admin: images'],
    security: 'admin',
    request: { query: adminImageListQuerySchema },
    responses: { 200: { description: 'A page of images (admin view)', schema: imageListSchema }, 403: { description: 'Not an admin' }, ...ERRORS },
  });
  router.get('/v1/admin/images', adminOnly, async (req, res) => {
    const { query } = parseRequest(req, { query: adminImageListQuerySchema });
    res.json(
      await deps.listImages.execute(actorOf(res), {
        limit: query.limit,
        cursor: query.cursor ?? null,
        ...(query.visibility ? { visibility: query.visibility } : {}),
      }),
    );
  });

  openapi.register({
    method: 'get',
    path: '/v1/admin/images/{id}',
    summary: 'One image (admin view)',
    tags: ['admin: images'],
    security: 'admin',
    responses: { 200: { description: 'The image', schema: imageSchema }, 404: { description: 'Unknown image' }, ...ERRORS },
  });
  router.get(toExpressPath('/v1/admin/images/{id}'), adminOnly, async (req, res) => {
    res.json(await deps.getImage.execute(actorOf(res), { id: imageId(req) }));
  });

  openapi.register({
    method: 'patch',
    path: '/v1/admin/images/{id}',
    summary: 'Edit title, description, visibility',
    tags: ['admin: images'],
    security: 'admin',
    request: { body: imagePatchSchema },
    responses: {
      200: { description: 'The updated image', schema: imageSchema },
      400: { description: 'Invalid body' },
      404: { description: 'Unknown image' },
      415: { description: 'Not JSON' },
      ...ERRORS,
    },
  });
  router.patch(toExpressPath('/v1/admin/images/{id}'), adminOnly, requireJson, async (req, res) => {
    const id = imageId(req);
    const { body } = parseRequest(req, { body: imagePatchSchema });
    res.json(await deps.updateImage.execute(actorOf(res), { id, patch: definedOnly(body) }));
  });

  openapi.register({
    method: 'delete',
    path: '/v1/admin/images/{id}',
    summary: 'Delete an image and all its objects',
    tags: ['admin: images'],
    security: 'admin',
    responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown image' }, ...ERRORS },
  });
  router.delete(toExpressPath('/v1/admin/images/{id}'), adminOnly, async (req, res) => {
    await deps.deleteImage.execute(actorOf(res), { id: imageId(req) });
    res.status(204).end();
  });

  return router;
};

const uploadFields = (raw: Record<string, string>): ImageFields => parseFormFields(imageUploadFieldsSchema, raw);
