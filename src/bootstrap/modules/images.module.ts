import type { InjectionToken } from 'tsyringe';
import type { ImageRepository } from '../../application/ports/image-repository.port.ts';
import { DeleteImage } from '../../application/use-cases/images/manage/delete-image.use-case.ts';
import { GetImage } from '../../application/use-cases/images/browse/get-image.use-case.ts';
import { ImagePresenter } from '../../application/use-cases/images/image-presenter.ts';
import { ListImages } from '../../application/use-cases/images/browse/list-images.use-case.ts';
import { UpdateImage } from '../../application/use-cases/images/manage/update-image.use-case.ts';
import { UploadImages } from '../../application/use-cases/images/manage/upload-images.use-case.ts';
import { imageOrphanSource } from '../../application/use-cases/maintenance/image-orphan-source.ts';
import { createImagesRouter } from '../../adapters/http/images.router.ts';
import { SharpImageProcessor } from '../../adapters/media/sharp-image-processor.ts';
import { PgImageRepository } from '../../adapters/postgres/pg-image-repository.ts';
import { MAX_IMAGE_PIXELS, type ImageProcessor } from '../../application/ports/image-processor.port.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce, type AreaModule } from './area-module.ts';

export const IMAGE_TOKENS = {
  images: Symbol('ImageRepository') as InjectionToken<ImageRepository>,
  processor: Symbol('ImageProcessor') as InjectionToken<ImageProcessor>,
  presenter: Symbol('ImagePresenter') as InjectionToken<ImagePresenter>,
  uploadImages: Symbol('UploadImages') as InjectionToken<UploadImages>,
  listImages: Symbol('ListImages') as InjectionToken<ListImages>,
  getImage: Symbol('GetImage') as InjectionToken<GetImage>,
  updateImage: Symbol('UpdateImage') as InjectionToken<UpdateImage>,
  deleteImage: Symbol('DeleteImage') as InjectionToken<DeleteImage>,
} as const;

/** The gallery (FEATURES `images`): admin uploads and edits, member browsing. */
export const imagesModule: AreaModule = {
  register(c) {
    const config = c.resolve(TOKENS.config);
    const T = IMAGE_TOKENS;
    registerOnce(c, T.images, (r) => new PgImageRepository(r.resolve(TOKENS.pool), r.resolve(TOKENS.infrastructure).tables));
    registerOnce(c, T.processor, () => new SharpImageProcessor());
    registerOnce(c, T.presenter, (r) => new ImagePresenter(r.resolve(TOKENS.store), config.URL_TTL_SECONDS));
    registerOnce(c, T.uploadImages, (r) =>
      new UploadImages({
        images: r.resolve(T.images),
        queue: r.resolve(TOKENS.deletionQueue),
        store: r.resolve(TOKENS.store),
        inspector: r.resolve(TOKENS.inspector),
        processor: r.resolve(T.processor),
        rateLimiter: r.resolve(TOKENS.rateLimiter),
        presenter: r.resolve(T.presenter),
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
    registerOnce(c, T.listImages, (r) => new ListImages(r.resolve(T.images), r.resolve(T.presenter), r.resolve(TOKENS.cursors)));
    registerOnce(c, T.getImage, (r) => new GetImage(r.resolve(T.images), r.resolve(T.presenter)));
    registerOnce(c, T.updateImage, (r) => new UpdateImage(r.resolve(T.images), r.resolve(T.presenter), r.resolve(TOKENS.clock)));
    registerOnce(c, T.deleteImage, (r) =>
      new DeleteImage(
        r.resolve(T.images),
        r.resolve(TOKENS.deletionQueue),
        r.resolve(TOKENS.store),
        r.resolve(TOKENS.clock),
        r.resolve(TOKENS.logger),
      ),
    );
  },
  routers(c) {
    const T = IMAGE_TOKENS;
    return [
      {
        router: createImagesRouter({
          uploadImages: c.resolve(T.uploadImages),
          listImages: c.resolve(T.listImages),
          getImage: c.resolve(T.getImage),
          updateImage: c.resolve(T.updateImage),
          deleteImage: c.resolve(T.deleteImage),
          openapi: c.resolve(TOKENS.openapi),
          maxImageBytes: c.resolve(TOKENS.config).MAX_IMAGE_BYTES,
        }),
      },
    ];
  },
  orphanSources(c) {
    return [imageOrphanSource(c.resolve(IMAGE_TOKENS.images), c.resolve(TOKENS.clock))];
  },
};
