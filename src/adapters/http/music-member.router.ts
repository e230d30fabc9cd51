import { Router, type Response } from 'express';

import { musicSetNotFound, trackNotFound } from '../../domain/errors/music.errors.ts';
import type { GetMusicSet } from '../../application/use-cases/music/sets/get-music-set.use-case.ts';
import type { IssueDownloadUrl } from '../../application/use-cases/streaming/issue-download-url.use-case.ts';
import type { IssueStreamUrl } from '../../application/use-cases/streaming/issue-stream-url.use-case.ts';
import type { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import { actorOf } from './auth.ts';
import { listQuerySchema } from './images.schemas.ts';
import { downloadUrlSchema, redirectQuerySchema, streamUrlSchema } from './music-member.schemas.ts';
import { musicSetListSchema, musicSetSchema } from './music.schemas.ts';
import { toExpressPath, type OpenApiRegistry } from './openapi.ts';
import { parseRequest } from './validate.ts';
import { pathId } from './path-id.ts';

export interface MusicMemberRouterDeps {
  listMusicSets: ListMusicSets;
  getMusicSet: GetMusicSet;
  issueStreamUrl: IssueStreamUrl;
  issueDownloadUrl: IssueDownloadUrl;
  openapi: OpenApiRegistry;
}

/** The URL itself, or a 302 to it: nobody may cache the redirect, whose target expires. */
const answer = (res: Response, redirect: boolean, body: { url: string }): void => {
  res.setHeader('Cache-Control', 'no-store');
  if (!redirect) {
    res.json(body);
    return;
  }
  res.status(302).setHeader('Location', body.url);
  res.end();
};

const REDIRECT = {
  302: {
    description: 'With `?redirect=1`: the presigned URL in `Location`, `Cache-Control: no-store`.',
    headers: { Location: { description: 'The presigned URL.' } },
  },
};

const playableTrackNotFound = () => trackNotFound('playable');

export const createMusicMemberRouter = (deps: MusicMemberRouterDeps): Router => {
  const router = Router();
  const { openapi } = deps;

  openapi.register({
    method: 'get',
    path: '/v1/music-sets',
    summary: 'List public music sets with their ready tracks (newest first)',
    tags: ['music'],
    security: 'member',
    description: 'Tracks are ordered by position; `trackCount` and `totalDurationMs` count the ready tracks. One database query per page.',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of music sets', schema: musicSetListSchema } },
  });
  router.get('/v1/music-sets', async (req, res) => {
    const { query } = parseRequest(req, { query: listQuerySchema });
    res.json(await deps.listMusicSets.execute(actorOf(res), { limit: query.limit, cursor: query.cursor ?? null }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/music-sets/{id}',
    summary: 'One public music set with its ready tracks',
    tags: ['music'],
    security: 'member',
    responses: { 200: { description: 'The set', schema: musicSetSchema }, 404: { description: 'Unknown or private set (MUSIC_SET_NOT_FOUND)' } },
  });
  router.get(toExpressPath('/v1/music-sets/{id}'), async (req, res) => {
    res.json(await deps.getMusicSet.execute(actorOf(res), { id: pathId(req, musicSetNotFound) }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/tracks/{id}/stream',
    summary: 'A presigned URL to play a track inline',
    tags: ['music'],
    security: 'member',
    description:
      'Members: ready tracks of public sets. Admins: ready tracks of any set (to check a private set before publishing). ' +
      'The URL is valid at least the track duration plus 10 minutes (and at least URL_TTL_SECONDS), at most 12 h.',
    request: { query: redirectQuerySchema },
    responses: {
      200: { description: 'The URL', schema: streamUrlSchema },
      ...REDIRECT,
      404: { description: 'Unknown, unready or not visible track (TRACK_NOT_FOUND)' },
    },
  });
  router.get(toExpressPath('/v1/tracks/{id}/stream'), async (req, res) => {
    const id = pathId(req, playableTrackNotFound);
    const { query } = parseRequest(req, { query: redirectQuerySchema });
    answer(res, query.redirect, await deps.issueStreamUrl.execute(actorOf(res), { trackId: id }));
  });

  openapi.register({
    method: 'get',
    path: '/v1/tracks/{id}/download',
    summary: 'A presigned URL to download a track as a file',
    tags: ['music'],
    security: 'member',
    description:
      'The store answers the URL with `Content-Disposition: attachment; filename="…"; filename*=UTF-8\'\'…` built from the title and ' +
      'the extension of the stored audio type. Visibility as for /stream. Valid URL_TTL_SECONDS.',
    request: { query: redirectQuerySchema },
    responses: {
      200: { description: 'The URL and the file name', schema: downloadUrlSchema },
      ...REDIRECT,
      404: { description: 'Unknown, unready or not visible track (TRACK_NOT_FOUND)' },
    },
  });
  router.get(toExpressPath('/v1/tracks/{id}/download'), async (req, res) => {
    const id = pathId(req, playableTrackNotFound);
    const { query } = parseRequest(req, { query: redirectQuerySchema });
    answer(res, query.redirect, await deps.issueDownloadUrl.execute(actorOf(res), { trackId: id }));
  });

  return router;
};
