import type { Actor } from '../../../../domain/actor.ts';
import { canSeeSet, readScope, type Audience } from '../../../../domain/access-policy.ts';
import { musicSetNotFound } from '../../../../domain/errors/music.errors.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export interface GetMusicSetDeps {
  music: MusicRepository;
  /** Who this instance reads for: admins see every set and track; members public sets and ready tracks. */
  audience: Audience;
}

/** A set the scope may not see is "not found", exactly like a missing one, so existence does not leak. */
export class GetMusicSet {
  constructor(private readonly deps: GetMusicSetDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<MusicSetView> {
    const scope = readScope(actor, this.deps.audience);
    const set = await this.deps.music.findSet(input.id, [...scope.trackStatuses]);
    if (!set || !canSeeSet(scope, set)) throw musicSetNotFound();
    return presentMusicSet(set, scope);
  }
}
