import type { ReadScope } from '../../../domain/access-policy.ts';
import type { Image } from '../../../domain/image.ts';
import { imageKey } from '../../../domain/object-keys.ts';
import type { ObjectUrls } from '../../ports/object-urls.port.ts';

export interface ImageUrls {
  thumbnail: string;
  display: string;
  /** Admins only: the file as uploaded. */
  original?: string;
  expiresAt: string;
}

export interface ImageView {
  id: string;
  title: string | null;
  description: string | null;
  visibility: Image['visibility'];
  width: number;
  height: number;
  contentType: 'image/webp';
  createdAt: string;
  urls: ImageUrls;
  status?: Image['status'];
  originalFilename?: string;
  byteSize?: number;
  sha256?: string;
  uploadedBy?: string;
  updatedAt?: string;
}

/**
 * How image URLs are signed: the store's presigner windows and memoises them, so one object gets the same
 * URL for a while (browsers and CDNs can cache it) and a gallery page costs little to sign.
 */
export interface ImageUrlSigner {
  readonly urls: ObjectUrls;
  readonly ttlSeconds: number;
}

/** Maps an image to what `scope` may see, with presigned URLs. */
export const presentImage = async (image: Image, scope: ReadScope, signer: ImageUrlSigner): Promise<ImageView> => {
  const sign = (variant: 'thumbnail' | 'display' | 'original') => signer.urls.presignGet(imageKey(image.id, variant), { ttlSeconds: signer.ttlSeconds });
  const [thumbnail, display, original] = await Promise.all([
    sign('thumbnail'),
    sign('display'),
    scope.mayReadImageOriginals ? sign('original') : Promise.resolve(undefined),
  ]);
  const expiresAt = new Date(Math.min(thumbnail.expiresAt.getTime(), display.expiresAt.getTime(), original?.expiresAt.getTime() ?? Infinity));
  const view: ImageView = {
    id: image.id,
    title: image.title,
    description: image.description,
    visibility: image.visibility,
    width: image.width,
    height: image.height,
    contentType: 'image/webp',
    createdAt: image.createdAt.toISOString(),
    urls: {
      thumbnail: thumbnail.url,
      display: display.url,
      ...(original ? { original: original.url } : {}),
      expiresAt: expiresAt.toISOString(),
    },
  };
  if (!scope.showsAdminFields) return view;
  return {
    ...view,
    status: image.status,
    originalFilename: image.originalFilename,
    byteSize: image.byteSize,
    sha256: image.sha256,
    uploadedBy: image.uploadedBy,
    updatedAt: image.updatedAt.toISOString(),
  };
};
