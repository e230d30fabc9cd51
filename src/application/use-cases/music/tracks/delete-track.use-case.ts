import type { Actor } from '../../../../domain/actor.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { trackNotFound } from '../../../../domain/errors/music.errors.ts';
import { trackKey } from '../../../../domain/object-keys.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { abortQuietly } from './abort-quietly.ts';

export type DeleteTrackDeps = TrackRemovalDeps;

/** Row out and key queued in one transaction (the rest renumbered), then the object and any open upload go. */
export class DeleteTrack {
  constructor(private readonly deps: DeleteTrackDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<void> {
    requireAdmin(actor);
    const { deps } = this;
    const removed = await deps.music.deleteTrackAndEnqueue(input.id, deps.clock.now());
    if (!removed) throw trackNotFound();
    if (removed.session) await abortQuietly(deps.directUploads, removed.session, deps.log);
    await deleteQueuedObjects(deps.storage, deps.queue, [trackKey(removed.track.id)], deps.log);
    deps.log.info({ trackId: removed.track.id, setId: removed.track.setId }, 'track deleted');
  }
}
