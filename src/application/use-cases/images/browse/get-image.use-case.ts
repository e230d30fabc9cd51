import type { Actor } from '../../../../domain/actor.ts';
import { imageNotFound } from '../../../../domain/errors/images.errors.ts';
import type { Image } from '../../../../domain/image.ts';
import type { ImageRepository } from '../../../ports/image-repository.port.ts';
import type { ImagePresenter, ImageView } from '../image-presenter.ts';

/** What a member may see: public and ready. Anything else is "not found", so existence does not leak. */
export const visibleTo = (image: Image, actor: Actor): boolean =>
  actor.role === 'admin' || (image.visibility === 'public' && image.status === 'ready');

export class GetImage {
  constructor(
    private readonly images: ImageRepository,
    private readonly presenter: ImagePresenter,
  ) {}

  async execute(actor: Actor, input: { id: string; adminView: boolean }): Promise<ImageView> {
    const image = await this.images.findById(input.id);
    const viewer: Actor = input.adminView ? actor : { ...actor, role: 'member' };
    if (!image || !visibleTo(image, viewer)) throw imageNotFound();
    return this.presenter.present(image, viewer);
  }
}
