import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Router } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../application/ports/clock.port.ts';
import type { DeletionQueue } from '../application/ports/deletion-queue.port.ts';
import type { IdGenerator } from '../application/ports/id-generator.port.ts';
import type { ImageProcessor } from '../application/ports/image-processor.port.ts';
import type { ImageRepository } from '../application/ports/image-repository.port.ts';
import type { MediaInspector } from '../application/ports/media-inspector.port.ts';
import type { MusicRepository } from '../application/ports/music-repository.port.ts';
import type { ObjectStore } from '../application/ports/object-store.port.ts';
import type { RateLimiter } from '../application/ports/rate-limiter.port.ts';
import { DeleteImage } from '../application/use-cases/images/delete-image.use-case.ts';
import { GetImage } from '../application/use-cases/images/get-image.use-case.ts';
import { ImagePresenter } from '../application/use-cases/images/image-presenter.ts';
import { KeysetCursors } from '../application/shared/cursor.ts';
import { ListImages } from '../application/use-cases/images/list-images.use-case.ts';
import { UpdateImage } from '../application/use-cases/images/update-image.use-case.ts';
import { UploadImages } from '../application/use-cases/images/upload-images.use-case.ts';
import { imageOrphanSource } from '../application/use-cases/maintenance/image-orphan-source.ts';
import { SweepOrphans } from '../application/use-cases/maintenance/sweep-orphans.use-case.ts';
import { trackOrphanSource } from '../application/use-cases/maintenance/track-orphan-source.ts';
import type { RequestAuthenticator } from '../adapters/http/auth.ts';
import { createApiRouter } from '../adapters/http/create-app.ts';
import { createImagesRouter } from '../adapters/http/images.router.ts';
import { createMeRouter } from '../adapters/http/me.router.ts';
import { createObjectsRouter } from '../adapters/http/objects.router.ts';
import { OpenApiRegistry } from '../adapters/http/openapi.ts';
import { FileTypeMediaInspector } from '../adapters/media/file-type-media-inspector.ts';
import { SharpImageProcessor } from '../adapters/media/sharp-image-processor.ts';
import { PgDeletionQueue } from '../adapters/postgres/pg-deletion-queue.ts';
import { PgImageRepository } from '../adapters/postgres/pg-image-repository.ts';
import { PgMusicRepository } from '../adapters/postgres/pg-music-repository.ts';
import { BottleneckRateLimiter } from '../adapters/ratelimit/bottleneck-rate-limiter.ts';
import { randomIdGenerator } from '../adapters/system/random-id-generator.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import type { Config, Feature } from './config.ts';
import type { Infrastructure } from './infrastructure.ts';
import { memberMusicRouters } from './member-music-wiring.ts';
import { musicRouters } from './music-wiring.ts';
import { webAppRouters } from './web-app-wiring.ts';

/** Explicit tokens (no decorator metadata), so the same wiring runs under Node, tsx and Deno. */
export const TOKENS = {
  config: Symbol('Config') as InjectionToken<Config>,
  logger: Symbol('Logger') as InjectionToken<Logger>,
  pool: Symbol('PgPool') as InjectionToken<pg.Pool>,
  infrastructure: Symbol('Infrastructure') as InjectionToken<Infrastructure>,
  store: Symbol('ObjectStore') as InjectionToken<ObjectStore>,
  clock: Symbol('Clock') as InjectionToken<Clock>,
  ids: Symbol('IdGenerator') as InjectionToken<IdGenerator>,
  authenticator: Symbol('RequestAuthenticator') as InjectionToken<RequestAuthenticator>,
  rateLimiter: Symbol('RateLimiter') as InjectionToken<RateLimiter & { close(): Promise<void> }>,
  images: Symbol('ImageRepository') as InjectionToken<ImageRepository>,
  music: Symbol('MusicRepository') as InjectionToken<MusicRepository>,
  deletionQueue: Symbol('DeletionQueue') as InjectionToken<DeletionQueue>,
  inspector: Symbol('MediaInspector') as InjectionToken<MediaInspector>,
  imageProcessor: Symbol('ImageProcessor') as InjectionToken<ImageProcessor>,
  imagePresenter: Symbol('ImagePresenter') as InjectionToken<ImagePresenter>,
  cursors: Symbol('KeysetCursors') as InjectionToken<KeysetCursors>,
  uploadImages: Symbol('UploadImages') as InjectionToken<UploadImages>,
  listImages: Symbol('ListImages') as InjectionToken<ListImages>,
  getImage: Symbol('GetImage') as InjectionToken<GetImage>,
  updateImage: Symbol('UpdateImage') as InjectionToken<UpdateImage>,
  deleteImage: Symbol('DeleteImage') as InjectionToken<DeleteImage>,
  sweepOrphans: Symbol('SweepOrphans') as InjectionToken<SweepOrphans>,
  openapi: Symbol('OpenApiRegistry') as InjectionToken<OpenApiRegistry>,
  apiRouter: Symbol('ApiRouter') as InjectionToken<Router>,
} as const;

/** Images beyond this many pixels are refused before decoding (decompression bombs). */
const MAX_IMAGE_PIXELS = 100_000_000;

export interface ContainerInput {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
  authenticator: RequestAuthenticator;
  /** Tests pin time. */
  clock?: Clock;
}

const single = <T>(c: DependencyContainer, token: InjectionToken<T>, factory: (c: DependencyContainer) => T): void => {
  let instance: T | undefined;
  c.register(token, { useFactory: (inner) => (instance ??= factory(inner)) });
};

/** The only place that picks adapters: every port is bound here, once. */
export const createContainer = (input: ContainerInput): DependencyContainer => {
  const c = rootContainer.createChildContainer();
  const { config, infrastructure } = input;
  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.logger, { useValue: input.logger });
  c.register(TOKENS.infrastructure, { useValue: infrastructure });
  c.register(TOKENS.pool, { useValue: infrastructure.pool });
  c.register(TOKENS.store, { useValue: infrastructure.store });
  c.register(TOKENS.clock, { useValue: input.clock ?? systemClock });
  c.register(TOKENS.ids, { useValue: randomIdGenerator });
  c.register(TOKENS.authenticator, { useValue: input.authenticator });
  const on = (feature: Feature): boolean => config.FEATURES.includes(feature);
  const tables = infrastructure.tables;
  single(c, TOKENS.rateLimiter, () =>
    new BottleneckRateLimiter({
      requestsPerMinute: config.RATE_LIMIT_REQUESTS_PER_MINUTE,
      uploadsPerMinute: config.RATE_LIMIT_UPLOADS_PER_MINUTE,
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
      onError: (error) => input.logger.warn({ err: String(error) }, 'rate limit datastore unavailable; failing open'),
    }),
  );
  single(c, TOKENS.images, (r) => new PgImageRepository(r.resolve(TOKENS.pool), tables));
  single(c, TOKENS.music, (r) => new PgMusicRepository(r.resolve(TOKENS.pool), tables));
  single(c, TOKENS.deletionQueue, (r) => new PgDeletionQueue(r.resolve(TOKENS.pool), tables));
  single(c, TOKENS.inspector, () => new FileTypeMediaInspector());
  single(c, TOKENS.imageProcessor, () => new SharpImageProcessor());
  single(c, TOKENS.imagePresenter, (r) => new ImagePresenter(r.resolve(TOKENS.store), config.URL_TTL_SECONDS));
  single(c, TOKENS.openapi, () => new OpenApiRegistry());

  single(c, TOKENS.uploadImages, (r) =>
    new UploadImages({
      images: r.resolve(TOKENS.images),
      queue: r.resolve(TOKENS.deletionQueue),
      store: r.resolve(TOKENS.store),
      inspector: r.resolve(TOKENS.inspector),
      processor: r.resolve(TOKENS.imageProcessor),
      rateLimiter: r.resolve(TOKENS.rateLimiter),
      presenter: r.resolve(TOKENS.imagePresenter),
      clock: r.resolve(TOKENS.clock),
      ids: r.resolve(TOKENS.ids),
      log: r.resolve(TOKENS.logger),
      limits: {
        maxImageBytes: config.MAX_IMAGE_BYTES,
        maxImagesPerRequest: config.MAX_IMAGES_PER_REQUEST,
        maxPixels: MAX_IMAGE_PIXELS,
      },
    }),
  );
  single(c, TOKENS.cursors, () => new KeysetCursors(infrastructure.signingSecret));
  single(c, TOKENS.listImages, (r) => new ListImages(r.resolve(TOKENS.images), r.resolve(TOKENS.imagePresenter), r.resolve(TOKENS.cursors)));
  single(c, TOKENS.getImage, (r) => new GetImage(r.resolve(TOKENS.images), r.resolve(TOKENS.imagePresenter)));
  single(c, TOKENS.updateImage, (r) =>
    new UpdateImage(r.resolve(TOKENS.images), r.resolve(TOKENS.imagePresenter), r.resolve(TOKENS.clock)),
  );
  single(c, TOKENS.deleteImage, (r) =>
    new DeleteImage(
      r.resolve(TOKENS.images),
      r.resolve(TOKENS.deletionQueue),
      r.resolve(TOKENS.store),
      r.resolve(TOKENS.clock),
      r.resolve(TOKENS.logger),
    ),
  );
  single(c, TOKENS.sweepOrphans, (r) =>
    new SweepOrphans({
      store: r.resolve(TOKENS.store),
      queue: r.resolve(TOKENS.deletionQueue),
      sources: [
        ...(on('images') ? [imageOrphanSource(r.resolve(TOKENS.images), r.resolve(TOKENS.clock))] : []),
        ...(on('music')
          ? [trackOrphanSource(r.resolve(TOKENS.music), r.resolve(TOKENS.store), r.resolve(TOKENS.clock), r.resolve(TOKENS.logger))]
          : []),
      ],
      clock: r.resolve(TOKENS.clock),
      log: r.resolve(TOKENS.logger),
      graceSeconds: config.ORPHAN_GRACE_SECONDS,
    }),
  );

  single(c, TOKENS.apiRouter, (r) => {
    const openapi = r.resolve(TOKENS.openapi);
    const routers = [];
    if (infrastructure.signedAccess) {
      routers.push({ router: createObjectsRouter(infrastructure.signedAccess, { corsOrigins: config.CORS_ORIGINS }) });
    }
    routers.push({ router: createMeRouter({ features: config.FEATURES, openapi }) });
    // A feature that is off is not wired at all: its routes are 404 like any unknown route and absent from the docs.
    if (on('images')) routers.push({
      router: createImagesRouter({
        uploadImages: r.resolve(TOKENS.uploadImages),
        listImages: r.resolve(TOKENS.listImages),
        getImage: r.resolve(TOKENS.getImage),
        updateImage: r.resolve(TOKENS.updateImage),
        deleteImage: r.resolve(TOKENS.deleteImage),
        openapi,
        maxImageBytes: config.MAX_IMAGE_BYTES,
      }),
    });
    if (on('music')) routers.push(...musicRouters(r, config, openapi));
    if (on('streaming')) routers.push(...memberMusicRouters(r, config, openapi));
    routers.push(...webAppRouters(config));
    return createApiRouter({
      logger: r.resolve(TOKENS.logger),
      authenticator: r.resolve(TOKENS.authenticator),
      schemaGate: () => infrastructure.schema.ensureCurrent(),
      readinessProbes: infrastructure.probes,
      corsOrigins: config.CORS_ORIGINS,
      rateLimiter: r.resolve(TOKENS.rateLimiter),
      openapi,
      routers,
      requestBounds: { requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000, uploadTimeoutMs: config.HTTP_UPLOAD_TIMEOUT_SECONDS * 1000 },
    });
  });
  return c;
};
