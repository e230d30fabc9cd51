import type { Actor } from '../../../../domain/actor.ts';
import type { Visibility } from '../../../../domain/image.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export interface CreateMusicSetInput {
  title: string;
  description?: string | null;
  visibility?: Visibility;
}

export interface CreateMusicSetDeps extends MusicRowsDeps {
  ids: IdGenerator;
}

/** A new set is private until an admin publishes it, so half-uploaded sets never show to members. */
export class CreateMusicSet {
  constructor(private readonly deps: CreateMusicSetDeps) {}

  async execute(actor: Actor, input: CreateMusicSetInput): Promise<MusicSetView> {
    requireAdmin(actor);
    const { deps } = this;
    const set = await deps.music.createSet({
      id: deps.ids.next(),
      title: input.title,
      description: input.description ?? null,
      visibility: input.visibility ?? 'private',
      createdBy: actor.sub,
      createdAt: deps.clock.now(),
    });
    return presentMusicSet({ ...set, tracks: [] }, readScope(actor, 'admin'));
  }
}
