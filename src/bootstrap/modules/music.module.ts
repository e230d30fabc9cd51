import type { InjectionToken } from 'tsyringe';
import type { MusicRepository } from '../../application/ports/music-repository.port.ts';
import { trackOrphanSource } from '../../application/use-cases/maintenance/track-orphan-source.ts';
import { AbortTrackUpload } from '../../application/use-cases/music/direct-upload/abort-track-upload.use-case.ts';
import { CompleteTrackUpload } from '../../application/use-cases/music/direct-upload/complete-track-upload.use-case.ts';
import { CreateMusicSet } from '../../application/use-cases/music/sets/create-music-set.use-case.ts';
import { DeleteMusicSet } from '../../application/use-cases/music/sets/delete-music-set.use-case.ts';
import { DeleteTrack } from '../../application/use-cases/music/tracks/delete-track.use-case.ts';
import type { DirectUploadDeps } from '../../application/use-cases/music/direct-upload/open-session.ts';
import { GetMusicSet } from '../../application/use-cases/music/sets/get-music-set.use-case.ts';
import { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import { ListUploadParts } from '../../application/use-cases/music/direct-upload/list-upload-parts.use-case.ts';
import { SignUploadParts } from '../../application/use-cases/music/direct-upload/sign-upload-parts.use-case.ts';
import { StartTrackUpload } from '../../application/use-cases/music/direct-upload/start-track-upload.use-case.ts';
import { UpdateMusicSet } from '../../application/use-cases/music/sets/update-music-set.use-case.ts';
import { UpdateTrack } from '../../application/use-cases/music/tracks/update-track.use-case.ts';
import { UploadTrack } from '../../application/use-cases/music/tracks/upload-track.use-case.ts';
import { createMusicAdminRouter } from '../../adapters/http/music-admin.router.ts';
import { createUploadsRouter } from '../../adapters/http/uploads.router.ts';
import { createUppyRouter } from '../../adapters/http/uppy.router.ts';
import { PgMusicRepository } from '../../adapters/postgres/pg-music-repository.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce, type AreaModule } from './area-module.ts';

export const MUSIC_TOKENS = {
  music: Symbol('MusicRepository') as InjectionToken<MusicRepository>,
  uploadDeps: Symbol('DirectUploadDeps') as InjectionToken<DirectUploadDeps>,
  createMusicSet: Symbol('CreateMusicSet') as InjectionToken<CreateMusicSet>,
  listMusicSets: Symbol('ListMusicSets') as InjectionToken<ListMusicSets>,
  getMusicSet: Symbol('GetMusicSet') as InjectionToken<GetMusicSet>,
  updateMusicSet: Symbol('UpdateMusicSet') as InjectionToken<UpdateMusicSet>,
  deleteMusicSet: Symbol('DeleteMusicSet') as InjectionToken<DeleteMusicSet>,
  uploadTrack: Symbol('UploadTrack') as InjectionToken<UploadTrack>,
  updateTrack: Symbol('UpdateTrack') as InjectionToken<UpdateTrack>,
  deleteTrack: Symbol('DeleteTrack') as InjectionToken<DeleteTrack>,
  startTrackUpload: Symbol('StartTrackUpload') as InjectionToken<StartTrackUpload>,
  signUploadParts: Symbol('SignUploadParts') as InjectionToken<SignUploadParts>,
  listUploadParts: Symbol('ListUploadParts') as InjectionToken<ListUploadParts>,
  completeTrackUpload: Symbol('CompleteTrackUpload') as InjectionToken<CompleteTrackUpload>,
  abortTrackUpload: Symbol('AbortTrackUpload') as InjectionToken<AbortTrackUpload>,
} as const;

/** Admin music management (FEATURES `music`): sets, tracks through the service, direct and Uppy uploads. */
export const musicModule: AreaModule = {
  register(c) {
    const config = c.resolve(TOKENS.config);
    const T = MUSIC_TOKENS;
    registerOnce(c, T.music, (r) => new PgMusicRepository(r.resolve(TOKENS.pool), r.resolve(TOKENS.infrastructure).tables));
    registerOnce(c, T.uploadDeps, (r): DirectUploadDeps => ({
      music: r.resolve(T.music),
      store: r.resolve(TOKENS.store),
      queue: r.resolve(TOKENS.deletionQueue),
      inspector: r.resolve(TOKENS.inspector),
      rateLimiter: r.resolve(TOKENS.rateLimiter),
      clock: r.resolve(TOKENS.clock),
      ids: r.resolve(TOKENS.ids),
      log: r.resolve(TOKENS.logger),
      maxTrackBytes: config.MAX_TRACK_BYTES,
      partUrlTtlSeconds: config.URL_TTL_SECONDS,
      sessionTtlSeconds: config.ORPHAN_GRACE_SECONDS,
      openUploadQuota: { uploads: config.MAX_OPEN_UPLOADS_PER_ADMIN, bytes: config.MAX_OPEN_UPLOAD_BYTES_PER_ADMIN },
    }));
    registerOnce(c, T.createMusicSet, (r) => new CreateMusicSet(r.resolve(T.music), r.resolve(TOKENS.clock), r.resolve(TOKENS.ids)));
    registerOnce(c, T.listMusicSets, (r) => new ListMusicSets(r.resolve(T.music), r.resolve(TOKENS.cursors)));
    registerOnce(c, T.getMusicSet, (r) => new GetMusicSet(r.resolve(T.music)));
    registerOnce(c, T.updateMusicSet, (r) => new UpdateMusicSet(r.resolve(T.music), r.resolve(TOKENS.clock)));
    registerOnce(c, T.deleteMusicSet, (r) => new DeleteMusicSet(r.resolve(T.uploadDeps)));
    registerOnce(c, T.uploadTrack, (r) => new UploadTrack(r.resolve(T.uploadDeps)));
    registerOnce(c, T.updateTrack, (r) => new UpdateTrack(r.resolve(T.music), r.resolve(TOKENS.clock)));
    registerOnce(c, T.deleteTrack, (r) => new DeleteTrack(r.resolve(T.uploadDeps)));
    registerOnce(c, T.startTrackUpload, (r) => new StartTrackUpload(r.resolve(T.uploadDeps)));
    registerOnce(c, T.signUploadParts, (r) => new SignUploadParts(r.resolve(T.uploadDeps)));
    registerOnce(c, T.listUploadParts, (r) => new ListUploadParts(r.resolve(T.uploadDeps)));
    registerOnce(c, T.completeTrackUpload, (r) => new CompleteTrackUpload(r.resolve(T.uploadDeps)));
    registerOnce(c, T.abortTrackUpload, (r) => new AbortTrackUpload(r.resolve(T.uploadDeps)));
  },
  routers(c) {
    const T = MUSIC_TOKENS;
    const config = c.resolve(TOKENS.config);
    const openapi = c.resolve(TOKENS.openapi);
    const direct = {
      startTrackUpload: c.resolve(T.startTrackUpload),
      signUploadParts: c.resolve(T.signUploadParts),
      listUploadParts: c.resolve(T.listUploadParts),
      completeTrackUpload: c.resolve(T.completeTrackUpload),
      abortTrackUpload: c.resolve(T.abortTrackUpload),
    };
    return [
      {
        router: createMusicAdminRouter({
          createMusicSet: c.resolve(T.createMusicSet),
          listMusicSets: c.resolve(T.listMusicSets),
          getMusicSet: c.resolve(T.getMusicSet),
          updateMusicSet: c.resolve(T.updateMusicSet),
          deleteMusicSet: c.resolve(T.deleteMusicSet),
          uploadTrack: c.resolve(T.uploadTrack),
          updateTrack: c.resolve(T.updateTrack),
          deleteTrack: c.resolve(T.deleteTrack),
          openapi,
          maxTrackBytes: config.MAX_TRACK_BYTES,
        }),
      },
      { router: createUploadsRouter({ ...direct, openapi }) },
      { router: createUppyRouter({ ...direct, openapi, partUrlTtlSeconds: config.URL_TTL_SECONDS }) },
    ];
  },
  orphanSources(c) {
    return [
      trackOrphanSource(c.resolve(MUSIC_TOKENS.music), c.resolve(TOKENS.store), c.resolve(TOKENS.clock), c.resolve(TOKENS.logger)),
    ];
  },
};
