import { trackKey } from '../../../domain/object-keys.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { DeletionQueue } from '../../ports/deletion-queue.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';
import type { DirectUploads } from '../../ports/direct-uploads.port.ts';
import { deleteQueuedObjects } from '../../shared/cleanup-objects.ts';
import { abortQuietly } from './abort-quietly.ts';

export interface DiscardTrackDeps {
  music: MusicRepository;
  store: ObjectStorage & DirectUploads;
  queue: DeletionQueue;
  clock: Clock;
  log: Logger;
}

/**
 * Removes a track whose upload failed: its row (and upload session) with its key queued in one transaction,
 * then the multipart upload and the object now. The object is deleted even when the row was already gone
 * (a set deleted during the upload queued the key before the object existed). Best effort: whatever fails
 * is left to the sweeper, so this never throws.
 */
export const discardTrack = async (deps: DiscardTrackDeps, trackId: string): Promise<void> => {
  const key = trackKey(trackId);
  try {
    const removed = await deps.music.deleteTrackAndEnqueue(trackId, deps.clock.now());
    if (removed?.session) await abortQuietly(deps.store, removed.session, deps.log);
  } catch (error) {
    deps.log.warn({ trackId, err: String(error) }, 'failed track upload left for the sweeper');
  }
  await deleteQueuedObjects(deps.store, deps.queue, [key], deps.log);
};
