import type { Actor } from '../../../../domain/actor.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { MusicRepository, MusicSetPatch } from '../../../ports/music-repository.port.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { musicSetNotFound } from '../../../../domain/errors/music.errors.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export class UpdateMusicSet {
  constructor(
    private readonly music: MusicRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: { id: string; patch: MusicSetPatch }): Promise<MusicSetView> {
    requireAdmin(actor);
    if (!(await this.music.updateSet(input.id, input.patch, this.clock.now()))) throw musicSetNotFound();
    const set = await this.music.findSet(input.id, ['uploading', 'ready', 'deleting']);
    if (!set) throw musicSetNotFound();
    return presentMusicSet(set, actor);
  }
}
