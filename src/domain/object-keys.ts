import { isCanonicalUuid } from './ids.ts';

/**
 * Object keys are built only from IDs, never from user input.
 */

const assertId = (id: string): string => {
  if (!isCanonicalUuid(id)) throw new Error('object keys are built from UUIDs only');
  return id;
};

export type ImageVariant = 'original' | 'thumbnail' | 'display';

export const imageKey = (imageId: string, variant: ImageVariant): string =>
  variant === 'original' ? `images/${assertId(imageId)}/original` : `images/${assertId(imageId)}/${variant}.webp`;

export const imageKeys = (imageId: string): string[] => [imageKey(imageId, 'original'), imageKey(imageId, 'thumbnail'), imageKey(imageId, 'display')];

export const trackKey = (trackId: string): string => `tracks/${assertId(trackId)}/audio`;
