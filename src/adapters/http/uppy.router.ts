import { Router, type Request } from 'express';
import { invalidPartNumber, singleRequestUploadsNotOffered } from '../../domain/errors/music.errors.ts';
import { MULTIPART_LIMITS } from '../../domain/multipart-limits.ts';
import { actorOf, requireRole } from './auth.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import type { DirectUploadUseCases } from './uploads.router.ts';
import { uploadIdOf } from './uploads.router.ts';
import { uppyBatchQuerySchema, uppyCompleteSchema, uppyCreateSchema, uppyKeyQuerySchema } from './uploads.schemas.ts';
import { parseRequest, requireJson } from './validate.ts';

export interface UppyRouterDeps extends DirectUploadUseCases {
  openapi: OpenApiRegistry;
  partUrlTtlSeconds: number;
}

const BASE = '/v1/admin/uppy/s3';
const TAGS = ['admin: uppy'];

const { maxParts } = MULTIPART_LIMITS;
/** Digits only, and no more of them than the largest part number has. */
const PART_NUMBER = new RegExp(`^\\d{1,${String(maxParts).length}}$`);

const partNumberOf = (req: Request): number => {
  const n = Number(req.params.partNumber);
  if (!PART_NUMBER.test(String(req.params.partNumber)) || n < 1 || n > maxParts) {
    throw invalidPartNumber(maxParts);
  }
  return n;
};

/**
 * The direct upload flow in the wire shape of a Companion server's S3 multipart endpoints, as
 * `@uppy/aws-s3` calls them with `companionEndpoint` (v6) or `endpoint` (v4/v5): point it at
 * `{service}/v1/admin/uppy` and put `setId` and `byteSize` (and optionally `title`, `artist`) in the file's
 * metadata. Errors are problem+json like everywhere else; Uppy only looks at the status.
 */
export const createUppyRouter = (deps: UppyRouterDeps): Router => {
  const router = Router();
  const adminOnly = requireRole('admin');
  const doc = (method: 'get' | 'post' | 'delete', path: string, summary: string, extra: Record<number, { description: string }> = {}) =>
    deps.openapi.register({
      method,
      path: `${BASE}${path}`,
      summary,
      tags: TAGS,
      security: 'admin',
      responses: {
        200: { description: 'Companion-shaped answer' },
        400: { description: 'Invalid request' },
        401: { description: 'Missing or invalid token' },
        403: { description: 'Not an admin' },
        ...extra,
      },
    });

  doc('post', '/multipart', 'Create a multipart upload: `{filename, type, metadata: {setId, byteSize, title?, artist?}}` -> `{uploadId, key}`', {
    404: { description: 'Unknown set' },
    409: { description: 'Open upload quota reached' },
    413: { description: 'byteSize over MAX_TRACK_BYTES' },
    415: { description: 'Not an audio type' },
    429: { description: 'Rate limited' },
  });
  router.post(`${BASE}/multipart`, adminOnly, requireJson, async (req, res) => {
    const { body } = parseRequest(req, { body: uppyCreateSchema });
    const { metadata } = body;
    const started = await deps.startTrackUpload.execute(actorOf(res), {
      setId: metadata.setId,
      filename: body.filename,
      contentType: body.type,
      byteSize: metadata.byteSize,
      ...(metadata.title !== undefined ? { title: metadata.title } : {}),
      ...(metadata.artist !== undefined ? { artist: metadata.artist } : {}),
    });
    res.json({ uploadId: started.uploadId, key: started.key, partSize: started.partSize, trackId: started.trackId });
  });

  doc('get', '/multipart/{uploadId}/batch', 'Presign several parts: `?key=&partNumbers=1,2` -> `{presignedUrls: {n: url}}`', {
    404: { description: 'Unknown upload' },
  });
  router.get(toExpressPath(`${BASE}/multipart/{uploadId}/batch`), adminOnly, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { query } = parseRequest(req, { query: uppyBatchQuerySchema });
    const signed = await deps.signUploadParts.execute(actorOf(res), { uploadId, key: query.key, partNumbers: query.partNumbers });
    res.json({ presignedUrls: Object.fromEntries(signed.parts.map((p) => [String(p.partNumber), p.url])) });
  });

  doc('get', '/multipart/{uploadId}/{partNumber}', 'Presign one part: `?key=` -> `{url, expires}`', { 404: { description: 'Unknown upload' } });
  router.get(toExpressPath(`${BASE}/multipart/{uploadId}/{partNumber}`), adminOnly, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const partNumber = partNumberOf(req);
    const { query } = parseRequest(req, { query: uppyKeyQuerySchema });
    const signed = await deps.signUploadParts.execute(actorOf(res), { uploadId, key: query.key, partNumbers: [partNumber] });
    const part = signed.parts[0]!;
    res.json({ url: part.url, expires: deps.partUrlTtlSeconds, expiresAt: part.expiresAt });
  });

  doc('get', '/multipart/{uploadId}', 'List uploaded parts: `?key=` -> `[{PartNumber, Size, ETag}]`', { 404: { description: 'Unknown upload' } });
  router.get(toExpressPath(`${BASE}/multipart/{uploadId}`), adminOnly, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { query } = parseRequest(req, { query: uppyKeyQuerySchema });
    const listed = await deps.listUploadParts.execute(actorOf(res), { uploadId, key: query.key });
    res.json(listed.parts.map((p) => ({ PartNumber: p.partNumber, Size: p.size, ETag: p.etag })));
  });

  doc('post', '/multipart/{uploadId}/complete', 'Complete: `?key=` `{parts: [{PartNumber, ETag}]}` -> `{location, key, track}`', {
    404: { description: 'Unknown upload' },
    409: { description: 'Parts do not match' },
    415: { description: 'Not accepted audio (removed)' },
  });
  router.post(toExpressPath(`${BASE}/multipart/{uploadId}/complete`), adminOnly, requireJson, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { query, body } = parseRequest(req, { query: uppyKeyQuerySchema, body: uppyCompleteSchema });
    const track = await deps.completeTrackUpload.execute(actorOf(res), {
      uploadId,
      key: query.key,
      parts: body.parts.map((p) => ({ partNumber: p.PartNumber, etag: p.ETag })),
    });
    const location = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}/v1/admin/music-sets/${track.setId}`;
    res.json({ location, key: query.key, track });
  });

  doc('delete', '/multipart/{uploadId}', 'Abort: `?key=` -> `{}`', { 404: { description: 'Unknown upload' } });
  router.delete(toExpressPath(`${BASE}/multipart/{uploadId}`), adminOnly, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { query } = parseRequest(req, { query: uppyKeyQuerySchema });
    await deps.abortTrackUpload.execute(actorOf(res), { uploadId, key: query.key });
    res.json({});
  });

  doc('get', '/params', 'Single-request uploads are not offered: always 400 (use `shouldUseMultipart: true`)');
  router.get(`${BASE}/params`, adminOnly, () => {
    throw singleRequestUploadsNotOffered();
  });

  return router;
};
