import { trackKey } from '../../../../domain/object-keys.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { abortQuietly } from './abort-quietly.ts';

/**
 * Removes a track whose upload failed: its row (and upload session) with its key queued in one transaction,
 * then the multipart upload and the object now. The object is deleted even when the row was already gone
 * (a set deleted during the upload queued the key before the object existed). Best effort: whatever fails
 * is left to the sweeper, so this never throws.
 */
export const discardTrack = async (deps: TrackRemovalDeps, trackId: string): Promise<void> => {
  const key = trackKey(trackId);
  try {
    const removed = await deps.music.deleteTrackAndEnqueue(trackId, deps.clock.now());
    if (removed?.session) await abortQuietly(deps.directUploads, removed.session, deps.log);
  } catch (error) {
    deps.log.warn({ trackId, err: String(error) }, 'failed track upload left for the sweeper');
  }
  await deleteQueuedObjects(deps.storage, deps.queue, [key], deps.log);
};
