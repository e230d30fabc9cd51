import type { Actor } from '../../../../domain/actor.ts';
import { trackKey } from '../../../../domain/object-keys.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import { abortQuietly } from './abort-quietly.ts';
import type { DiscardTrackDeps } from './discard-track.ts';
import { trackNotFound } from '../../../../domain/errors/music.errors.ts';

/** Row out and key queued in one transaction (the rest renumbered), then the object and any open upload go. */
export class DeleteTrack {
  constructor(private readonly deps: DiscardTrackDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<void> {
    requireAdmin(actor);
    const { deps } = this;
    const removed = await deps.music.deleteTrackAndEnqueue(input.id, deps.clock.now());
    if (!removed) throw trackNotFound();
    if (removed.session) await abortQuietly(deps.store, removed.session, deps.log);
    await deleteQueuedObjects(deps.store, deps.queue, [trackKey(removed.track.id)], deps.log);
    deps.log.info({ trackId: removed.track.id, setId: removed.track.setId }, 'track deleted');
  }
}
