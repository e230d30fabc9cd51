import type { ImageRepository } from '../../ports/image-repository.port.ts';
import type { OrphanSource } from './orphan-source.ts';

const IMAGE_KEY = /^images\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//;

/** Objects under `images/{id}/` are live while the image row exists (pending rows are the sweeper's own job). */
export const imageOrphanSource = (images: ImageRepository): OrphanSource => ({
  prefix: 'images/',
  idOf: (key) => IMAGE_KEY.exec(key)?.[1] ?? null,
  existingIds: (ids) => images.existingIds(ids),
});
