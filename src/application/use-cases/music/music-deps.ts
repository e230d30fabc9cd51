import type { Clock } from '../../ports/clock.port.ts';
import type { DeletionQueue } from '../../ports/deletion-queue.port.ts';
import type { DirectUploads } from '../../ports/direct-uploads.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';

/** What every music write needs: the rows, and the time to stamp them with. */
export interface MusicRowsDeps {
  music: MusicRepository;
  clock: Clock;
}

/**
 * What removing tracks needs: rows out and keys queued in one transaction, then the objects deleted and open
 * multipart uploads aborted; whatever fails after the commit stays queued for the sweeper, and is logged.
 */
export interface TrackRemovalDeps extends MusicRowsDeps {
  queue: DeletionQueue;
  storage: Pick<ObjectStorage, 'delete'>;
  directUploads: Pick<DirectUploads, 'abortMultipart'>;
  log: Logger;
}
