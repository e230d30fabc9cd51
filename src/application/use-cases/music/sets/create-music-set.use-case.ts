import type { Actor } from '../../../../domain/actor.ts';
import type { Visibility } from '../../../../domain/image.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export interface CreateMusicSetInput {
  title: string;
  description?: string | null;
  visibility?: Visibility;
}

/** A new set is private until an admin publishes it, so half-uploaded sets never show to members. */
export class CreateMusicSet {
  constructor(
    private readonly music: MusicRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(actor: Actor, input: CreateMusicSetInput): Promise<MusicSetView> {
    requireAdmin(actor);
    const set = await this.music.createSet({
      id: this.ids.next(),
      title: input.title,
      description: input.description ?? null,
      visibility: input.visibility ?? 'private',
      createdBy: actor.sub,
      createdAt: this.clock.now(),
    });
    return presentMusicSet({ ...set, tracks: [] }, actor);
  }
}
