import type { Actor } from '../../../../domain/actor.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { MusicRepository, TrackPatch } from '../../../ports/music-repository.port.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { presentTrack, type TrackView } from '../music-presenter.ts';
import { trackNotFound } from '../../../../domain/errors/music.errors.ts';

/** A position move renumbers the set's other tracks in the same transaction (the repository keeps 1..n). */
export class UpdateTrack {
  constructor(
    private readonly music: MusicRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: { id: string; patch: TrackPatch }): Promise<TrackView> {
    requireAdmin(actor);
    const track = await this.music.updateTrack(input.id, input.patch, this.clock.now());
    if (!track) throw trackNotFound();
    return presentTrack(track, actor);
  }
}
