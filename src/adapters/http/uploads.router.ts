import { Router, type Request } from 'express';
import type { AbortTrackUpload } from '../../application/use-cases/music/direct-upload/abort-track-upload.use-case.ts';
import type { CompleteTrackUpload } from '../../application/use-cases/music/direct-upload/complete-track-upload.use-case.ts';
import type { ListUploadParts } from '../../application/use-cases/music/direct-upload/list-upload-parts.use-case.ts';
import type { SignUploadParts } from '../../application/use-cases/music/direct-upload/sign-upload-parts.use-case.ts';
import type { StartTrackUpload } from '../../application/use-cases/music/direct-upload/start-track-upload.use-case.ts';
import { actorOf, requireRole } from './auth.ts';
import { trackSchema } from './music.schemas.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import {
  completeUploadSchema,
  listedPartsSchema,
  signPartsSchema,
  signedPartsSchema,
  startUploadSchema,
  startedUploadSchema,
  uploadIdSchema,
} from './uploads.schemas.ts';
import { parseRequest, requireJson } from './validate.ts';
import { musicSetNotFound } from '../../domain/errors/music.errors.ts';
import { uploadNotFound } from '../../domain/errors/music.errors.ts';
import { pathId } from './path-id.ts';
import { MULTIPART_LIMITS } from '../../domain/multipart-limits.ts';

export interface DirectUploadUseCases {
  startTrackUpload: StartTrackUpload;
  signUploadParts: SignUploadParts;
  listUploadParts: ListUploadParts;
  completeTrackUpload: CompleteTrackUpload;
  abortTrackUpload: AbortTrackUpload;
}

export interface UploadsRouterDeps extends DirectUploadUseCases {
  openapi: OpenApiRegistry;
}

export const uploadIdOf = (req: Request): string => {
  const parsed = uploadIdSchema.safeParse(req.params.uploadId);
  if (!parsed.success) throw uploadNotFound();
  return parsed.data;
};

const ERRORS = {
  401: { description: 'Missing or invalid token' },
  403: { description: 'Not an admin' },
  429: { description: 'Rate limited' },
};
const TAGS = ['admin: direct uploads'];
const MIN_PART_MIB = MULTIPART_LIMITS.minPartBytes / (1024 * 1024);
const MAX_PARTS_TEXT = MULTIPART_LIMITS.maxParts.toLocaleString('en-US');

/** Direct-to-store multipart uploads: the bytes go to presigned part URLs, never through the service. */
export const createUploadsRouter = (deps: UploadsRouterDeps): Router => {
  const router = Router();
  const { openapi } = deps;
  const adminOnly = requireRole('admin');

  openapi.register({
    method: 'post',
    path: '/v1/admin/music-sets/{id}/uploads',
    summary: 'Start a direct multipart upload of a track',
    tags: TAGS,
    security: 'admin',
    description: `The track exists with status \`uploading\` until completion. Part size is chosen from \`byteSize\` (at least ${MIN_PART_MIB} MiB, at most ${MAX_PARTS_TEXT} parts); each part URL accepts only its planned length (the last part: the remainder). Counts one file against the upload rate limit; an admin may hold at most MAX_OPEN_UPLOADS_PER_ADMIN open uploads declaring MAX_OPEN_UPLOAD_BYTES_PER_ADMIN together.`,
    request: { body: startUploadSchema },
    responses: {
      201: { description: 'The upload plan', schema: startedUploadSchema },
      400: { description: 'Invalid body' },
      404: { description: 'Unknown set' },
      409: { description: 'Open upload quota reached (TOO_MANY_OPEN_UPLOADS)' },
      413: { description: 'byteSize over MAX_TRACK_BYTES' },
      415: { description: 'contentType is not accepted audio, or the body is not JSON' },
      ...ERRORS,
    },
  });
  router.post(toExpressPath('/v1/admin/music-sets/{id}/uploads'), adminOnly, requireJson, async (req, res) => {
    const setId = pathId(req, musicSetNotFound);
    const { body } = parseRequest(req, { body: startUploadSchema });
    const started = await deps.startTrackUpload.execute(actorOf(res), {
      setId,
      filename: body.filename,
      contentType: body.contentType,
      byteSize: body.byteSize,
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.artist !== undefined ? { artist: body.artist } : {}),
    });
    const { uploadId, trackId, partSize, partCount, expiresAt, track } = started;
    res.status(201).json({ uploadId, trackId, partSize, partCount, expiresAt, track });
  });

  openapi.register({
    method: 'post',
    path: '/v1/admin/uploads/{uploadId}/parts',
    summary: 'Presign part URLs (at most 100 per call)',
    tags: TAGS,
    security: 'admin',
    description: "PUT each part's bytes to its URL and keep the `ETag` response header for completion.",
    request: { body: signPartsSchema },
    responses: {
      200: { description: 'Part URLs', schema: signedPartsSchema },
      400: { description: 'Invalid part numbers' },
      404: { description: 'Unknown upload' },
      ...ERRORS,
    },
  });
  router.post(toExpressPath('/v1/admin/uploads/{uploadId}/parts'), adminOnly, requireJson, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { body } = parseRequest(req, { body: signPartsSchema });
    res.json(await deps.signUploadParts.execute(actorOf(res), { uploadId, partNumbers: body.partNumbers }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/admin/uploads/{uploadId}/parts',
    summary: 'Parts the store already holds (to resume)',
    tags: TAGS,
    security: 'admin',
    responses: { 200: { description: 'Uploaded parts', schema: listedPartsSchema }, 404: { description: 'Unknown upload' }, ...ERRORS },
  });
  router.get(toExpressPath('/v1/admin/uploads/{uploadId}/parts'), adminOnly, async (req, res) => {
    res.json(await deps.listUploadParts.execute(actorOf(res), { uploadId: uploadIdOf(req) }));
  });

  openapi.register({
    method: 'post',
    path: '/v1/admin/uploads/{uploadId}/complete',
    summary: 'Assemble the parts and validate the audio',
    tags: TAGS,
    security: 'admin',
    description: 'The assembled object is checked by its bytes (ranged reads) and its size against `byteSize`; if it fails, the track and object are removed.',
    request: { body: completeUploadSchema },
    responses: {
      200: { description: 'The track, ready', schema: trackSchema },
      400: { description: 'Invalid part list' },
      404: { description: 'Unknown upload' },
      409: { description: 'Parts do not match what the store holds (retry), or size mismatch (removed)' },
      413: { description: 'A part over its planned size (removed; nothing assembled)' },
      415: { description: 'Not accepted audio (removed)' },
      ...ERRORS,
    },
  });
  router.post(toExpressPath('/v1/admin/uploads/{uploadId}/complete'), adminOnly, requireJson, async (req, res) => {
    const uploadId = uploadIdOf(req);
    const { body } = parseRequest(req, { body: completeUploadSchema });
    res.json(await deps.completeTrackUpload.execute(actorOf(res), { uploadId, parts: body.parts }));
  });

  openapi.register({
    method: 'delete',
    path: '/v1/admin/uploads/{uploadId}',
    summary: 'Abort a direct upload',
    tags: TAGS,
    security: 'admin',
    responses: { 204: { description: 'Aborted; the track and every uploaded part are gone' }, 404: { description: 'Unknown upload' }, ...ERRORS },
  });
  router.delete(toExpressPath('/v1/admin/uploads/{uploadId}'), adminOnly, async (req, res) => {
    await deps.abortTrackUpload.execute(actorOf(res), { uploadId: uploadIdOf(req) });
    res.status(204).end();
  });

  return router;
};
