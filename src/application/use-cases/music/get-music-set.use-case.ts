import type { Actor } from '../../../domain/actor.ts';
import { AppError } from '../../../domain/app-error.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import { presentMusicSet, type MusicSetView } from './music-presenter.ts';

export const musicSetNotFound = (): AppError =>
  new AppError('MUSIC_SET_NOT_FOUND', 'music set not found', { detail: 'No music set with this id.' });

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
