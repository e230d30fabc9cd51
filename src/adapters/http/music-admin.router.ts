import { Router } from 'express';
import type { CreateMusicSet } from '../../application/use-cases/music/sets/create-music-set.use-case.ts';
import type { DeleteMusicSet } from '../../application/use-cases/music/sets/delete-music-set.use-case.ts';
import type { DeleteTrack } from '../../application/use-cases/music/tracks/delete-track.use-case.ts';
import type { GetMusicSet } from '../../application/use-cases/music/sets/get-music-set.use-case.ts';
import { musicSetNotFound, trackNotFound, trackTooLarge } from '../../domain/errors/music.errors.ts';
import type { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import type { UpdateMusicSet } from '../../application/use-cases/music/sets/update-music-set.use-case.ts';
import type { UpdateTrack } from '../../application/use-cases/music/tracks/update-track.use-case.ts';
import type { TrackFields, UploadTrack } from '../../application/use-cases/music/tracks/upload-track.use-case.ts';
import { actorOf, requireRole } from './auth.ts';
import { listQuerySchema } from './images.schemas.ts';
import {
  musicSetCreateSchema,
  musicSetListSchema,
  musicSetPatchSchema,
  musicSetSchema,
  trackPatchSchema,
  trackSchema,
  trackUploadBodySchema,
  trackUploadFieldsSchema,
} from './music.schemas.ts';
import { parseMultipart } from './multipart.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import { parseRequest, requireJson } from './validate.ts';
import { definedOnly, drainRequest, parseFormFields } from './form-fields.ts';
import { pathId } from './path-id.ts';

export interface MusicAdminRouterDeps {
  createMusicSet: CreateMusicSet;
  listMusicSets: ListMusicSets;
  getMusicSet: GetMusicSet;
  updateMusicSet: UpdateMusicSet;
  deleteMusicSet: DeleteMusicSet;
  uploadTrack: UploadTrack;
  updateTrack: UpdateTrack;
  deleteTrack: DeleteTrack;
  openapi: OpenApiRegistry;
  maxTrackBytes: number;
}

/** Multipart framing and text fields on top of the file; a Content-Length beyond this is refused unread. */
const ENVELOPE_BYTES = 256 * 1024;

const ERRORS = {
  401: { description: 'Missing or invalid token' },
  403: { description: 'Not an admin' },
  429: { description: 'Rate limited' },
};
const TAGS = ['admin: music'];

export const createMusicAdminRouter = (deps: MusicAdminRouterDeps): Router => {
  const router = Router();
  const { openapi } = deps;
  const adminOnly = requireRole('admin');

  openapi.register({
    method: 'post',
    path: '/v1/admin/music-sets',
    summary: 'Create a music set (private by default)',
    tags: TAGS,
    security: 'admin',
    request: { body: musicSetCreateSchema },
    responses: {
      201: { description: 'The new set', schema: musicSetSchema },
      400: { description: 'Invalid body' },
      415: { description: 'Not JSON' },
      ...ERRORS,
    },
  });
  router.post('/v1/admin/music-sets', adminOnly, requireJson, async (req, res) => {
    const { body } = parseRequest(req, { body: musicSetCreateSchema });
    res.status(201).json(await deps.createMusicSet.execute(actorOf(res), definedOnly(body)));
  });

  openapi.register({
    method: 'get',
    path: '/v1/admin/music-sets',
    summary: 'List every set with tracks of any status (newest first)',
    tags: TAGS,
    security: 'admin',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of sets (admin view)', schema: musicSetListSchema }, 400: { description: 'Bad query' }, ...ERRORS },
  });
  router.get('/v1/admin/music-sets', adminOnly, async (req, res) => {
    const { query } = parseRequest(req, { query: listQuerySchema });
    res.json(await deps.listMusicSets.execute(actorOf(res), { limit: query.limit, cursor: query.cursor ?? null }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/admin/music-sets/{id}',
    summary: 'One set (admin view)',
    tags: TAGS,
    security: 'admin',
    responses: { 200: { description: 'The set', schema: musicSetSchema }, 404: { description: 'Unknown set' }, ...ERRORS },
  });
  router.get(toExpressPath('/v1/admin/music-sets/{id}'), adminOnly, async (req, res) => {
    res.json(await deps.getMusicSet.execute(actorOf(res), { id: pathId(req, musicSetNotFound) }));
  });

  openapi.register({
    method: 'patch',
    path: '/v1/admin/music-sets/{id}',
    summary: 'Edit title, description (null clears), visibility',
    tags: TAGS,
    security: 'admin',
    request: { body: musicSetPatchSchema },
    responses: {
      200: { description: 'The updated set', schema: musicSetSchema },
      400: { description: 'Invalid body' },
      404: { description: 'Unknown set' },
      415: { description: 'Not JSON' },
      ...ERRORS,
    },
  });
  router.patch(toExpressPath('/v1/admin/music-sets/{id}'), adminOnly, requireJson, async (req, res) => {
    const id = pathId(req, musicSetNotFound);
    const { body } = parseRequest(req, { body: musicSetPatchSchema });
    res.json(await deps.updateMusicSet.execute(actorOf(res), { id, patch: definedOnly(body) }));
  });

  openapi.register({
    method: 'delete',
    path: '/v1/admin/music-sets/{id}',
    summary: 'Delete a set, all its tracks and their objects',
    tags: TAGS,
    security: 'admin',
    description: 'Open direct uploads of the set are aborted.',
    responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown set' }, ...ERRORS },
  });
  router.delete(toExpressPath('/v1/admin/music-sets/{id}'), adminOnly, async (req, res) => {
    await deps.deleteMusicSet.execute(actorOf(res), { id: pathId(req, musicSetNotFound) });
    res.status(204).end();
  });

  openapi.register({
    method: 'post',
    path: '/v1/admin/music-sets/{id}/tracks',
    summary: 'Upload one track through the service (streamed)',
    tags: TAGS,
    security: 'admin',
    description:
      'multipart/form-data with one `file` part and optional `title`, `artist` (before or after the file). Validated by its bytes; ' +
      'streamed to the store with bounded memory. Byte-identical audio already in the set is not stored twice: the existing track is returned with 200.',
    request: { body: trackUploadBodySchema, bodyContentType: 'multipart/form-data' },
    responses: {
      201: { description: 'The new track, ready', schema: trackSchema },
      200: { description: 'The same bytes are already a track of this set: that track', schema: trackSchema },
      400: { description: 'Malformed body, no file, more than one file, bad field' },
      404: { description: 'Unknown set (or deleted during the upload)' },
      409: { description: 'The track was deleted during the upload' },
      413: { description: 'Larger than MAX_TRACK_BYTES' },
      415: { description: 'Not multipart/form-data, or not accepted audio' },
      ...ERRORS,
    },
  });
  router.post(toExpressPath('/v1/admin/music-sets/{id}/tracks'), adminOnly, async (req, res) => {
    try {
      const setId = pathId(req, musicSetNotFound);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > deps.maxTrackBytes + ENVELOPE_BYTES) {
        throw trackTooLarge(deps.maxTrackBytes);
      }
      const body = parseMultipart(req, res, {
        fileField: 'file',
        maxFileBytes: deps.maxTrackBytes,
        fileTooLarge: () => trackTooLarge(deps.maxTrackBytes),
        maxFieldBytes: 16 * 1024,
        maxFields: 10,
      });
      const result = await deps.uploadTrack.execute(actorOf(res), { setId, files: body.files, fields: () => uploadFields(body.fields()) });
      res.status(result.created ? 201 : 200).json(result.track);
    } catch (error) {
      drainRequest(req, res);
      throw error;
    }
  });

  openapi.register({
    method: 'patch',
    path: '/v1/admin/tracks/{id}',
    summary: 'Edit title, artist (null clears), position',
    tags: TAGS,
    security: 'admin',
    description: 'A new position (1..n) renumbers the other tracks of the set atomically.',
    request: { body: trackPatchSchema },
    responses: {
      200: { description: 'The updated track', schema: trackSchema },
      400: { description: 'Invalid body or position out of range' },
      404: { description: 'Unknown track' },
      415: { description: 'Not JSON' },
      ...ERRORS,
    },
  });
  router.patch(toExpressPath('/v1/admin/tracks/{id}'), adminOnly, requireJson, async (req, res) => {
    const id = pathId(req, trackNotFound);
    const { body } = parseRequest(req, { body: trackPatchSchema });
    res.json(await deps.updateTrack.execute(actorOf(res), { id, patch: definedOnly(body) }));
  });

  openapi.register({
    method: 'delete',
    path: '/v1/admin/tracks/{id}',
    summary: 'Delete a track and its object',
    tags: TAGS,
    security: 'admin',
    responses: { 204: { description: 'Deleted; the remaining tracks are renumbered' }, 404: { description: 'Unknown track' }, ...ERRORS },
  });
  router.delete(toExpressPath('/v1/admin/tracks/{id}'), adminOnly, async (req, res) => {
    await deps.deleteTrack.execute(actorOf(res), { id: pathId(req, trackNotFound) });
    res.status(204).end();
  });

  return router;
};

const uploadFields = (raw: Record<string, string>): TrackFields => parseFormFields(trackUploadFieldsSchema, raw);
