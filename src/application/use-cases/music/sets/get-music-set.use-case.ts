import type { Actor } from '../../../../domain/actor.ts';
import { musicSetNotFound } from '../../../../domain/errors/music.errors.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

/** Members get public sets with their ready tracks; anything else is "not found", so existence does not leak. */
export class GetMusicSet {
  constructor(private readonly music: MusicRepository) {}

  async execute(actor: Actor, input: { id: string; adminView: boolean }): Promise<MusicSetView> {
    const viewer: Actor = input.adminView && actor.role === 'admin' ? actor : { ...actor, role: 'member' };
    const admin = viewer.role === 'admin';
    const set = await this.music.findSet(input.id, admin ? ['uploading', 'ready', 'deleting'] : ['ready']);
    if (!set || (!admin && set.visibility !== 'public')) throw musicSetNotFound();
    return presentMusicSet(set, viewer);
  }
}
