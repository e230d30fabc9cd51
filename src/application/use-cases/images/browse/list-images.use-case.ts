import { readScope, type Audience } from '../../../../domain/access-policy.ts';
import type { Actor } from '../../../../domain/actor.ts';
import type { Visibility } from '../../../../domain/image.ts';
import type { ImageRepository } from '../../../ports/image-repository.port.ts';
import type { KeysetCursors } from '../../../shared/cursor.ts';
import { presentImage, type ImageUrlSigner, type ImageView } from '../image-presenter.ts';

export interface ListImagesDeps {
  images: ImageRepository;
  signer: ImageUrlSigner;
  cursors: KeysetCursors;
  /** Whose list this instance serves: the member gallery or every image for admins. */
  audience: Audience;
}

export interface ListImagesInput {
  /** Narrows a list the scope leaves open; the gallery is public only, whatever is asked. */
  visibility?: Visibility;
  limit: number;
  cursor?: string | null;
}

export class ListImages {
  constructor(private readonly deps: ListImagesDeps) {}

  async execute(actor: Actor, input: ListImagesInput): Promise<{ items: ImageView[]; nextCursor: string | null }> {
    const { images, signer, cursors, audience } = this.deps;
    const scope = readScope(actor, audience);
    // Cursors are bound to their list, so one from the admin list cannot page the gallery.
    const list = audience === 'admin' ? 'admin-images' : 'images';
    const after = cursors.decode(list, input.cursor);
    const visibility = scope.visibility ?? input.visibility;
    const rows = await images.list({
      ...(visibility ? { visibility } : {}),
      statuses: [...scope.imageStatuses],
      ...(after ? { after } : {}),
      limit: input.limit + 1,
    });
    const { page, nextCursor } = cursors.paginate(list, rows, input.limit);
    return { items: await Promise.all(page.map((image) => presentImage(image, scope, signer))), nextCursor };
  }
}
