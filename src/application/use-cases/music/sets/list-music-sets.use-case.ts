import type { Actor } from '../../../../domain/actor.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';
import type { KeysetCursors } from '../../../shared/cursor.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export interface ListMusicSetsInput {
  /** Admin listing (every set, tracks of any status) or the members' view (public sets, ready tracks). */
  adminView: boolean;
  limit: number;
  cursor?: string | null;
}

/** Tracks embedded per set in list views: with at most 100 sets a page, a page holds at most 2,000 tracks whatever the data. */
export const TRACKS_PER_SET_IN_LISTS = 20;

/** One repository query per page: sets with their tracks embedded (no N+1). */
export class ListMusicSets {
  constructor(
    private readonly music: MusicRepository,
    private readonly cursors: KeysetCursors,
  ) {}

  async execute(actor: Actor, input: ListMusicSetsInput): Promise<{ items: MusicSetView[]; nextCursor: string | null }> {
    const list = input.adminView ? 'admin-music-sets' : 'music-sets';
    const after = this.cursors.decode(list, input.cursor);
    const viewer: Actor = input.adminView && actor.role === 'admin' ? actor : { ...actor, role: 'member' };
    const admin = viewer.role === 'admin';
    const rows = await this.music.listSets({
      ...(admin ? {} : { visibility: 'public' as const }),
      trackStatuses: admin ? ['uploading', 'ready', 'deleting'] : ['ready'],
      ...(after ? { after } : {}),
      limit: input.limit + 1,
      tracksPerSet: TRACKS_PER_SET_IN_LISTS,
    });
    const { page, nextCursor } = this.cursors.paginate(list, rows, input.limit);
    return { items: page.map((set) => presentMusicSet(set, viewer)), nextCursor };
  }
}
