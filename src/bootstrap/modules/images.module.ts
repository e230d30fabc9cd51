import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Audience } from '../../domain/access-policy.ts';
import type { ImageRepository } from '../../application/ports/image-repository.port.ts';
import { GetImage } from '../../application/use-cases/images/browse/get-image.use-case.ts';
import { ListImages } from '../../application/use-cases/images/browse/list-images.use-case.ts';
import type { ImageUrlSigner } from '../../application/use-cases/images/image-presenter.ts';
import { DeleteImage } from '../../application/use-cases/images/manage/delete-image.use-case.ts';
import { UpdateImage } from '../../application/use-cases/images/manage/update-image.use-case.ts';
import { UploadImages } from '../../application/use-cases/images/manage/upload-images.use-case.ts';
import { imageOrphanSource } from '../../application/use-cases/maintenance/image-orphan-source.ts';
import { createImagesAdminRouter } from '../../adapters/http/images-admin.router.ts';
import { createImagesMemberRouter } from '../../adapters/http/images-member.router.ts';
import { SharpImageProcessor } from '../../adapters/media/sharp-image-processor.ts';
import { PgImageRepository } from '../../adapters/postgres/pg-image-repository.ts';
import { MAX_IMAGE_PIXELS, type ImageProcessor } from '../../application/ports/image-processor.port.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce, type AreaModule } from './area-module.ts';

/** The read use cases are registered once per audience: the gallery members browse, and the admin view of everything. */
export const IMAGE_TOKENS = {
  images: Symbol('ImageRepository') as InjectionToken<ImageRepository>,
  processor: Symbol('ImageProcessor') as InjectionToken<ImageProcessor>,
  urlSigner: Symbol('ImageUrlSigner') as InjectionToken<ImageUrlSigner>,
  uploadImages: Symbol('UploadImages') as InjectionToken<UploadImages>,
  listGalleryImages: Symbol('ListImages(member)') as InjectionToken<ListImages>,
  listAllImages: Symbol('ListImages(admin)') as InjectionToken<ListImages>,
  getGalleryImage: Symbol('GetImage(member)') as InjectionToken<GetImage>,
  getAnyImage: Symbol('GetImage(admin)') as InjectionToken<GetImage>,
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
    registerOnce(c, T.urlSigner, (r) => ({ urls: r.resolve(TOKENS.urls), ttlSeconds: config.URL_TTL_SECONDS }));
    registerOnce(
      c,
      T.uploadImages,
      (r) =>
        new UploadImages({
          images: r.resolve(T.images),
          queue: r.resolve(TOKENS.deletionQueue),
          storage: r.resolve(TOKENS.storage),
          inspector: r.resolve(TOKENS.inspector),
          processor: r.resolve(T.processor),
          rateLimiter: r.resolve(TOKENS.rateLimiter),
          signer: r.resolve(T.urlSigner),
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
    const listImages = (audience: Audience) => (r: DependencyContainer) =>
      new ListImages({ images: r.resolve(T.images), signer: r.resolve(T.urlSigner), cursors: r.resolve(TOKENS.cursors), audience });
    registerOnce(c, T.listGalleryImages, listImages('member'));
    registerOnce(c, T.listAllImages, listImages('admin'));
    const getImage = (audience: Audience) => (r: DependencyContainer) =>
      new GetImage({ images: r.resolve(T.images), signer: r.resolve(T.urlSigner), audience });
    registerOnce(c, T.getGalleryImage, getImage('member'));
    registerOnce(c, T.getAnyImage, getImage('admin'));
    registerOnce(c, T.updateImage, (r) => new UpdateImage({ images: r.resolve(T.images), signer: r.resolve(T.urlSigner), clock: r.resolve(TOKENS.clock) }));
    registerOnce(
      c,
      T.deleteImage,
      (r) =>
        new DeleteImage({
          images: r.resolve(T.images),
          queue: r.resolve(TOKENS.deletionQueue),
          storage: r.resolve(TOKENS.storage),
          clock: r.resolve(TOKENS.clock),
          log: r.resolve(TOKENS.logger),
        }),
    );
  },
  routers(c) {
    const T = IMAGE_TOKENS;
    return [
      {
        router: createImagesMemberRouter({
          listImages: c.resolve(T.listGalleryImages),
          getImage: c.resolve(T.getGalleryImage),
          openapi: c.resolve(TOKENS.openapi),
        }),
      },
      {
        router: createImagesAdminRouter({
          uploadImages: c.resolve(T.uploadImages),
          listImages: c.resolve(T.listAllImages),
          getImage: c.resolve(T.getAnyImage),
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
