import { requireAdmin } from '../../../../domain/access-policy.ts';
import type { Actor } from '../../../../domain/actor.ts';
import { imageNotFound } from '../../../../domain/errors/images.errors.ts';
import { imageKeys } from '../../../../domain/object-keys.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { DeletionQueue } from '../../../ports/deletion-queue.port.ts';
import type { ImageRepository } from '../../../ports/image-repository.port.ts';
import type { Logger } from '../../../ports/logger.port.ts';
import type { ObjectStorage } from '../../../ports/object-storage.port.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';

export interface DeleteImageDeps {
  images: ImageRepository;
  queue: DeletionQueue;
  storage: ObjectStorage;
  clock: Clock;
  log: Logger;
}

/** Row and queue entries in one transaction; objects after commit (or by the sweeper if the store fails). */
export class DeleteImage {
  constructor(private readonly deps: DeleteImageDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<void> {
    requireAdmin(actor);
    const { images, queue, storage, clock, log } = this.deps;
    const keys = imageKeys(input.id);
    const deleted = await images.deleteAndEnqueue(input.id, keys, clock.now());
    if (!deleted) throw imageNotFound();
    log.info({ imageId: input.id, by: actor.sub }, 'image deleted');
    await deleteQueuedObjects(storage, queue, keys, log);
  }
}
