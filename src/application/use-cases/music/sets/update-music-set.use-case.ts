import type { Actor } from '../../../../domain/actor.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import { musicSetNotFound } from '../../../../domain/errors/music.errors.ts';
import type { MusicSetPatch } from '../../../ports/music-repository.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export type UpdateMusicSetDeps = MusicRowsDeps;

export class UpdateMusicSet {
  constructor(private readonly deps: UpdateMusicSetDeps) {}

  async execute(actor: Actor, input: { id: string; patch: MusicSetPatch }): Promise<MusicSetView> {
    requireAdmin(actor);
    const { music, clock } = this.deps;
    if (!(await music.updateSet(input.id, input.patch, clock.now()))) throw musicSetNotFound();
    const scope = readScope(actor, 'admin');
    const set = await music.findSet(input.id, [...scope.trackStatuses]);
    if (!set) throw musicSetNotFound();
    return presentMusicSet(set, scope);
  }
}
