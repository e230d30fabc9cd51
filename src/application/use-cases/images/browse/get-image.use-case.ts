import { canSeeImage, readScope, type Audience } from '../../../../domain/access-policy.ts';
import type { Actor } from '../../../../domain/actor.ts';
import { imageNotFound } from '../../../../domain/errors/images.errors.ts';
import type { ImageRepository } from '../../../ports/image-repository.port.ts';
import { presentImage, type ImageUrlSigner, type ImageView } from '../image-presenter.ts';

export interface GetImageDeps {
  images: ImageRepository;
  signer: ImageUrlSigner;
  /** Whose view this instance serves: the gallery (`member`) or the admin view of any image. */
  audience: Audience;
}

/** One image by id. What the scope may not see is "not found", so existence does not leak. */
export class GetImage {
  constructor(private readonly deps: GetImageDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<ImageView> {
    const scope = readScope(actor, this.deps.audience);
    const image = await this.deps.images.findById(input.id);
    if (!image || !canSeeImage(scope, image)) throw imageNotFound();
    return presentImage(image, scope, this.deps.signer);
  }
}
