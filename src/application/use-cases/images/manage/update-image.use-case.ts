import type { Actor } from '../../../../domain/actor.ts';
import type { ImagePatch, ImageRepository } from '../../../ports/image-repository.port.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { imageNotFound } from '../../../../domain/errors/images.errors.ts';
import type { ImagePresenter, ImageView } from '../image-presenter.ts';

export class UpdateImage {
  constructor(
    private readonly images: ImageRepository,
    private readonly presenter: ImagePresenter,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: { id: string; patch: ImagePatch }): Promise<ImageView> {
    requireAdmin(actor);
    const updated = await this.images.update(input.id, input.patch, this.clock.now());
    if (!updated) throw imageNotFound();
    return this.presenter.present(updated, actor);
  }
}
