import { imageKeys } from '../../../domain/object-keys.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { ImageRepository } from '../../ports/image-repository.port.ts';
import type { OrphanSource } from './orphan-source.ts';
import { UUID_PATTERN } from '../../../domain/ids.ts';

const IMAGE_KEY = new RegExp(`^images/(${UUID_PATTERN})/`);
const BATCH = 500;

/**
 * Objects under `images/{id}/` are live while the image row exists. Uploads that never became ready
 * (a `pending` row older than the cutoff: the process died between row and objects) are removed with
 * whatever objects they left.
 */
export const imageOrphanSource = (images: ImageRepository, clock: Clock): OrphanSource => ({
  prefix: 'images/',
  idOf: (key) => IMAGE_KEY.exec(key)?.[1] ?? null,
  existingIds: (ids) => images.existingIds(ids),
  async removeStale(cutoff) {
    let rows = 0;
    for (const image of await images.findStalePending(cutoff, BATCH)) {
      if (await images.deleteAndEnqueue(image.id, imageKeys(image.id), clock.now())) rows += 1;
    }
    return { rows, multipartAborted: 0 };
  },
});
