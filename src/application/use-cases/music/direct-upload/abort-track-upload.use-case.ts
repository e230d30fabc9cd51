import type { Actor } from '../../../../domain/actor.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { isAppError } from '../../../../domain/app-error.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { findOpenSession } from './open-session.ts';

export type AbortTrackUploadDeps = TrackRemovalDeps;

/**
 * Aborts the multipart upload first (its parts go with it; a store failure answers 503 and changes nothing),
 * then removes the track and its session.
 */
export class AbortTrackUpload {
  constructor(private readonly deps: AbortTrackUploadDeps) {}

  async execute(actor: Actor, input: { uploadId: string; key?: string }): Promise<void> {
    requireAdmin(actor);
    const { deps } = this;
    const session = await findOpenSession(deps.music, input.uploadId, input.key);
    try {
      await deps.directUploads.abortMultipart(session.objectKey, session.uploadId);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UPLOAD_NOT_FOUND') throw error;
    }
    await deps.music.deleteTrackAndEnqueue(session.trackId, deps.clock.now());
    await deleteQueuedObjects(deps.storage, deps.queue, [session.objectKey], deps.log);
    deps.log.info({ trackId: session.trackId }, 'direct track upload aborted');
  }
}
