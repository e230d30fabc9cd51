import type { Actor } from '../../../domain/actor.ts';
import { imageKeys } from '../../../domain/object-keys.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { DeletionQueue } from '../../ports/deletion-queue.port.ts';
import type { ImageRepository } from '../../ports/image-repository.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';
import { requireAdmin } from '../../../domain/access-policy.ts';
import { deleteQueuedObjects } from '../../shared/cleanup-objects.ts';
import { imageNotFound } from './get-image.use-case.ts';

/** Row and queue entries in one transaction; objects after commit (or by the sweeper if the store fails). */
export class DeleteImage {
  constructor(
    private readonly images: ImageRepository,
    private readonly queue: DeletionQueue,
    private readonly store: ObjectStorage,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async execute(actor: Actor, input: { id: string }): Promise<void> {
    requireAdmin(actor);
    const keys = imageKeys(input.id);
    const deleted = await this.images.deleteAndEnqueue(input.id, keys, this.clock.now());
    if (!deleted) throw imageNotFound();
    this.log.info({ imageId: input.id, by: actor.sub }, 'image deleted');
    await deleteQueuedObjects(this.store, this.queue, keys, this.log);
  }
}
