import type { Actor } from '../../../../domain/actor.ts';
import type { Visibility } from '../../../../domain/image.ts';
import type { ImageRepository } from '../../../ports/image-repository.port.ts';
import type { KeysetCursors } from '../../../shared/cursor.ts';
import type { ImagePresenter, ImageView } from '../image-presenter.ts';

export interface ListImagesInput {
  /** Admin listing (every status, optional visibility filter) or the member gallery. */
  adminView: boolean;
  visibility?: Visibility;
  limit: number;
  cursor?: string | null;
}

export class ListImages {
  constructor(
    private readonly images: ImageRepository,
    private readonly presenter: ImagePresenter,
    private readonly cursors: KeysetCursors,
  ) {}

  async execute(actor: Actor, input: ListImagesInput): Promise<{ items: ImageView[]; nextCursor: string | null }> {
    const list = input.adminView ? 'admin-images' : 'images';
    const after = this.cursors.decode(list, input.cursor);
    const viewer: Actor = input.adminView && actor.role === 'admin' ? actor : { ...actor, role: 'member' };
    const admin = viewer.role === 'admin';
    const visibility = admin ? input.visibility : 'public';
    const rows = await this.images.list({
      ...(visibility ? { visibility } : {}),
      statuses: admin ? ['pending', 'ready'] : ['ready'],
      ...(after ? { after } : {}),
      limit: input.limit + 1,
    });
    const { page, nextCursor } = this.cursors.paginate(list, rows, input.limit);
    return { items: await Promise.all(page.map((image) => this.presenter.present(image, viewer))), nextCursor };
  }
}
