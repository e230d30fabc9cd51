import type { InjectionToken } from 'tsyringe';
import type { MusicRepository } from '../../application/ports/music-repository.port.ts';
import type { UploadMeters } from '../../application/ports/upload-meter.port.ts';
import { trackOrphanSource } from '../../application/use-cases/maintenance/track-orphan-source.ts';
import { AbortTrackUpload } from '../../application/use-cases/music/direct-upload/abort-track-upload.use-case.ts';
import { CompleteTrackUpload } from '../../application/use-cases/music/direct-upload/complete-track-upload.use-case.ts';
import { ListUploadParts } from '../../application/use-cases/music/direct-upload/list-upload-parts.use-case.ts';
import { SignUploadParts } from '../../application/use-cases/music/direct-upload/sign-upload-parts.use-case.ts';
import { StartTrackUpload } from '../../application/use-cases/music/direct-upload/start-track-upload.use-case.ts';
import { CreateMusicSet } from '../../application/use-cases/music/sets/create-music-set.use-case.ts';
import { DeleteMusicSet } from '../../application/use-cases/music/sets/delete-music-set.use-case.ts';
import { GetMusicSet } from '../../application/use-cases/music/sets/get-music-set.use-case.ts';
import { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import { UpdateMusicSet } from '../../application/use-cases/music/sets/update-music-set.use-case.ts';
import { DeleteTrack } from '../../application/use-cases/music/tracks/delete-track.use-case.ts';
import { UpdateTrack } from '../../application/use-cases/music/tracks/update-track.use-case.ts';
import { UploadTrack } from '../../application/use-cases/music/tracks/upload-track.use-case.ts';
import { createMusicAdminRouter } from '../../adapters/http/music-admin.router.ts';
import { createUploadsRouter } from '../../adapters/http/uploads.router.ts';
import { createUppyRouter } from '../../adapters/http/uppy.router.ts';
import { streamUploadMeters } from '../../adapters/media/upload-meter.ts';
import { PgMusicRepository } from '../../adapters/postgres/pg-music-repository.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce, type AreaModule } from './area-module.ts';

export const MUSIC_TOKENS = {
  music: Symbol('MusicRepository') as InjectionToken<MusicRepository>,
  uploadMeters: Symbol('UploadMeters') as InjectionToken<UploadMeters>,
  createMusicSet: Symbol('CreateMusicSet') as InjectionToken<CreateMusicSet>,
  /** Admin reads: every set, tracks of any status. */
  listAllSets: Symbol('ListMusicSets(admin)') as InjectionToken<ListMusicSets>,
  getAnySet: Symbol('GetMusicSet(admin)') as InjectionToken<GetMusicSet>,
  /** Member reads (registered by the streaming module): public sets, ready tracks. */
  listPublishedSets: Symbol('ListMusicSets(member)') as InjectionToken<ListMusicSets>,
  getPublishedSet: Symbol('GetMusicSet(member)') as InjectionToken<GetMusicSet>,
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
    c.register(T.uploadMeters, { useValue: streamUploadMeters });
    const rows = (r: typeof c) => ({ music: r.resolve(T.music), clock: r.resolve(TOKENS.clock) });
    // The whole ports, so that each use case's deps type picks from them what it needs.
    const removal = (r: typeof c) => ({
      ...rows(r),
      queue: r.resolve(TOKENS.deletionQueue),
      storage: r.resolve(TOKENS.storage),
      directUploads: r.resolve(TOKENS.directUploads),
      log: r.resolve(TOKENS.logger),
    });
    registerOnce(c, T.createMusicSet, (r) => new CreateMusicSet({ ...rows(r), ids: r.resolve(TOKENS.ids) }));
    registerOnce(c, T.listAllSets, (r) => new ListMusicSets({ music: r.resolve(T.music), cursors: r.resolve(TOKENS.cursors), audience: 'admin' }));
    registerOnce(c, T.getAnySet, (r) => new GetMusicSet({ music: r.resolve(T.music), audience: 'admin' }));
    registerOnce(c, T.updateMusicSet, (r) => new UpdateMusicSet(rows(r)));
    registerOnce(c, T.deleteMusicSet, (r) => new DeleteMusicSet(removal(r)));
    registerOnce(
      c,
      T.uploadTrack,
      (r) =>
        new UploadTrack({
          ...removal(r),
          meters: r.resolve(T.uploadMeters),
          inspector: r.resolve(TOKENS.inspector),
          rateLimiter: r.resolve(TOKENS.rateLimiter),
          ids: r.resolve(TOKENS.ids),
          maxTrackBytes: config.MAX_TRACK_BYTES,
        }),
    );
    registerOnce(c, T.updateTrack, (r) => new UpdateTrack(rows(r)));
    registerOnce(c, T.deleteTrack, (r) => new DeleteTrack(removal(r)));
    registerOnce(
      c,
      T.startTrackUpload,
      (r) =>
        new StartTrackUpload({
          ...rows(r),
          directUploads: r.resolve(TOKENS.directUploads),
          rateLimiter: r.resolve(TOKENS.rateLimiter),
          ids: r.resolve(TOKENS.ids),
          log: r.resolve(TOKENS.logger),
          maxTrackBytes: config.MAX_TRACK_BYTES,
          sessionTtlSeconds: config.ORPHAN_GRACE_SECONDS,
          openUploadQuota: { uploads: config.MAX_OPEN_UPLOADS_PER_ADMIN, bytes: config.MAX_OPEN_UPLOAD_BYTES_PER_ADMIN },
        }),
    );
    registerOnce(
      c,
      T.signUploadParts,
      (r) => new SignUploadParts({ ...rows(r), directUploads: r.resolve(TOKENS.directUploads), partUrlTtlSeconds: config.URL_TTL_SECONDS }),
    );
    registerOnce(c, T.listUploadParts, (r) => new ListUploadParts({ ...rows(r), directUploads: r.resolve(TOKENS.directUploads) }));
    registerOnce(
      c,
      T.completeTrackUpload,
      (r) =>
        new CompleteTrackUpload({
          ...removal(r),
          inspector: r.resolve(TOKENS.inspector),
          maxTrackBytes: config.MAX_TRACK_BYTES,
        }),
    );
    registerOnce(c, T.abortTrackUpload, (r) => new AbortTrackUpload(removal(r)));
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
          listMusicSets: c.resolve(T.listAllSets),
          getMusicSet: c.resolve(T.getAnySet),
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
      trackOrphanSource({
        music: c.resolve(MUSIC_TOKENS.music),
        directUploads: c.resolve(TOKENS.directUploads),
        maintenance: c.resolve(TOKENS.storeMaintenance),
        clock: c.resolve(TOKENS.clock),
        log: c.resolve(TOKENS.logger),
      }),
    ];
  },
};
