import type { DependencyContainer } from 'tsyringe';
import { AbortTrackUpload } from '../application/use-cases/music/abort-track-upload.use-case.ts';
import { CompleteTrackUpload } from '../application/use-cases/music/complete-track-upload.use-case.ts';
import { CreateMusicSet } from '../application/use-cases/music/create-music-set.use-case.ts';
import { DeleteMusicSet } from '../application/use-cases/music/delete-music-set.use-case.ts';
import { DeleteTrack } from '../application/use-cases/music/delete-track.use-case.ts';
import type { DirectUploadDeps } from '../application/use-cases/music/direct-upload-deps.ts';
import { GetMusicSet } from '../application/use-cases/music/get-music-set.use-case.ts';
import { ListMusicSets } from '../application/use-cases/music/list-music-sets.use-case.ts';
import { ListUploadParts } from '../application/use-cases/music/list-upload-parts.use-case.ts';
import { SignUploadParts } from '../application/use-cases/music/sign-upload-parts.use-case.ts';
import { StartTrackUpload } from '../application/use-cases/music/start-track-upload.use-case.ts';
import { UpdateMusicSet } from '../application/use-cases/music/update-music-set.use-case.ts';
import { UpdateTrack } from '../application/use-cases/music/update-track.use-case.ts';
import { UploadTrack } from '../application/use-cases/music/upload-track.use-case.ts';
import type { RouterMount } from '../adapters/http/app-deps.ts';
import { createMusicAdminRouter } from '../adapters/http/music-admin.router.ts';
import type { OpenApiRegistry } from '../adapters/http/openapi.ts';
import { createUploadsRouter } from '../adapters/http/uploads.router.ts';
import { createUppyRouter } from '../adapters/http/uppy.router.ts';
import type { Config } from './config.ts';
import { TOKENS } from './container.ts';

/**
 * Admin music: sets, tracks through the service, direct multipart uploads and their Uppy-shaped twin (issue 4).
 * Kept beside container.ts so the music work can grow without every change touching the image wiring.
 */
export const musicRouters = (c: DependencyContainer, config: Config, openapi: OpenApiRegistry): RouterMount[] => {
  const music = c.resolve(TOKENS.music);
  const clock = c.resolve(TOKENS.clock);
  const deps: DirectUploadDeps = {
    music,
    store: c.resolve(TOKENS.store),
    queue: c.resolve(TOKENS.deletionQueue),
    inspector: c.resolve(TOKENS.inspector),
    rateLimiter: c.resolve(TOKENS.rateLimiter),
    clock,
    ids: c.resolve(TOKENS.ids),
    log: c.resolve(TOKENS.logger),
    maxTrackBytes: config.MAX_TRACK_BYTES,
    partUrlTtlSeconds: config.URL_TTL_SECONDS,
    sessionTtlSeconds: config.ORPHAN_GRACE_SECONDS,
    openUploadQuota: { uploads: config.MAX_OPEN_UPLOADS_PER_ADMIN, bytes: config.MAX_OPEN_UPLOAD_BYTES_PER_ADMIN },
  };
  const direct = {
    startTrackUpload: new StartTrackUpload(deps),
    signUploadParts: new SignUploadParts(deps),
    listUploadParts: new ListUploadParts(deps),
    completeTrackUpload: new CompleteTrackUpload(deps),
    abortTrackUpload: new AbortTrackUpload(deps),
  };
  return [
    {
      router: createMusicAdminRouter({
        createMusicSet: new CreateMusicSet(music, clock, deps.ids),
        listMusicSets: new ListMusicSets(music, c.resolve(TOKENS.cursors)),
        getMusicSet: new GetMusicSet(music),
        updateMusicSet: new UpdateMusicSet(music, clock),
        deleteMusicSet: new DeleteMusicSet(deps),
        uploadTrack: new UploadTrack(deps),
        updateTrack: new UpdateTrack(music, clock),
        deleteTrack: new DeleteTrack(deps),
        openapi,
        maxTrackBytes: config.MAX_TRACK_BYTES,
      }),
    },
    { router: createUploadsRouter({ ...direct, openapi }) },
    { router: createUppyRouter({ ...direct, openapi, partUrlTtlSeconds: config.URL_TTL_SECONDS }) },
  ];
};
