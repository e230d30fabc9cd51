import type { Actor } from '../../../../domain/actor.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import { trackNotFound } from '../../../../domain/errors/music.errors.ts';
import type { TrackPatch } from '../../../ports/music-repository.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { presentTrack, type TrackView } from '../music-presenter.ts';

export type UpdateTrackDeps = MusicRowsDeps;

/** A position move renumbers the set's other tracks in the same transaction (the repository keeps 1..n). */
export class UpdateTrack {
  constructor(private readonly deps: UpdateTrackDeps) {}

  async execute(actor: Actor, input: { id: string; patch: TrackPatch }): Promise<TrackView> {
    requireAdmin(actor);
    const track = await this.deps.music.updateTrack(input.id, input.patch, this.deps.clock.now());
    if (!track) throw trackNotFound();
    return presentTrack(track, readScope(actor, 'admin'));
  }
}
