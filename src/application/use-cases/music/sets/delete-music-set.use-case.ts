import type { Actor } from '../../../../domain/actor.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { musicSetNotFound } from '../../../../domain/errors/music.errors.ts';
import { trackKey } from '../../../../domain/object-keys.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { abortQuietly } from '../tracks/abort-quietly.ts';

export type DeleteMusicSetDeps = TrackRemovalDeps;

/** Every track status: the tracks being uploaded go with the set too. */
const EVERY_TRACK = ['uploading', 'ready', 'deleting'] as const;

/**
 * The set, every track whatever its status, and their upload sessions go in one transaction that queues
 * every track's key; then open multipart uploads are aborted and the objects deleted. Anything that fails
 * after the commit stays queued for the sweeper.
 */
export class DeleteMusicSet {
  constructor(private readonly deps: DeleteMusicSetDeps) {}

  async execute(actor: Actor, input: { id: string }): Promise<void> {
    requireAdmin(actor);
    const { deps } = this;
    const before = await deps.music.findSet(input.id, [...EVERY_TRACK]);
    if (!before) throw musicSetNotFound();
    const removed = await deps.music.deleteSetAndEnqueue(input.id, deps.clock.now());
    if (!removed) throw musicSetNotFound();
    for (const session of removed.sessions) await abortQuietly(deps.directUploads, session, deps.log);
    // A track added between the read and the delete is queued too and left to the sweeper.
    const keys = [...new Set([...before.tracks.map((t) => trackKey(t.id)), ...removed.sessions.map((s) => s.objectKey)])];
    await deleteQueuedObjects(deps.storage, deps.queue, keys, deps.log);
    deps.log.info({ setId: input.id, tracks: before.tracks.length, uploadsAborted: removed.sessions.length }, 'music set deleted');
  }
}
