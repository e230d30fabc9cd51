import { readScope } from '../../../../domain/access-policy.ts';
import type { Actor } from '../../../../domain/actor.ts';
import { imageNotFound } from '../../../../domain/errors/images.errors.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { ImagePatch, ImageRepository } from '../../../ports/image-repository.port.ts';
import { presentImage, type ImageUrlSigner, type ImageView } from '../image-presenter.ts';

export interface UpdateImageDeps {
  images: ImageRepository;
  signer: ImageUrlSigner;
  clock: Clock;
}

export class UpdateImage {
  constructor(private readonly deps: UpdateImageDeps) {}

  async execute(actor: Actor, input: { id: string; patch: ImagePatch }): Promise<ImageView> {
    // Edits are admin-only, and their answer is the admin view.
    const scope = readScope(actor, 'admin');
    const updated = await this.deps.images.update(input.id, input.patch, this.deps.clock.now());
    if (!updated) throw imageNotFound();
    return presentImage(updated, scope, this.deps.signer);
  }
}
