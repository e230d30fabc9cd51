import type { Actor } from '../../../../domain/actor.ts';
import { readScope, type Audience } from '../../../../domain/access-policy.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';
import type { KeysetCursors } from '../../../shared/cursor.ts';
import { presentMusicSet, type MusicSetView } from '../music-presenter.ts';

export interface ListMusicSetsInput {
  limit: number;
  cursor?: string | null;
}

export interface ListMusicSetsDeps {
  music: MusicRepository;
  cursors: KeysetCursors;
  /** Who this instance lists for: admins every set with tracks of any status; members public sets, ready tracks. */
  audience: Audience;
}

/** Tracks embedded per set in list views: with at most 100 sets a page, a page holds at most 2,000 tracks whatever the data. */
export const TRACKS_PER_SET_IN_LISTS = 20;

/** One repository query per page: sets with their tracks embedded (no N+1). */
export class ListMusicSets {
  constructor(private readonly deps: ListMusicSetsDeps) {}

  async execute(actor: Actor, input: ListMusicSetsInput): Promise<{ items: MusicSetView[]; nextCursor: string | null }> {
    const { music, cursors } = this.deps;
    const scope = readScope(actor, this.deps.audience);
    // Each audience pages with its own cursors, so one list's cursor cannot be replayed on the other.
    const list = scope.audience === 'admin' ? 'admin-music-sets' : 'music-sets';
    const after = cursors.decode(list, input.cursor);
    const rows = await music.listSets({
      ...(scope.visibility === undefined ? {} : { visibility: scope.visibility }),
      trackStatuses: [...scope.trackStatuses],
      ...(after ? { after } : {}),
      limit: input.limit + 1,
      tracksPerSet: TRACKS_PER_SET_IN_LISTS,
    });
    const { page, nextCursor } = cursors.paginate(list, rows, input.limit);
    return { items: page.map((set) => presentMusicSet(set, scope)), nextCursor };
  }
}
