import { isAppError } from '../../../../domain/app-error.ts';
import type { UploadSession } from '../../../../domain/music.ts';
import type { DirectUploads } from '../../../ports/direct-uploads.port.ts';
import type { Logger } from '../../../ports/logger.port.ts';

/**
 * Aborts a session's multipart upload after its rows are gone. A failure is only logged: the sweeper aborts
 * multipart uploads that no session knows once they are older than the grace period.
 */
export const abortQuietly = async (directUploads: Pick<DirectUploads, 'abortMultipart'>, session: UploadSession, log: Logger): Promise<boolean> => {
  try {
    await directUploads.abortMultipart(session.objectKey, session.uploadId);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'UPLOAD_NOT_FOUND') return true;
    log.warn({ trackId: session.trackId, err: isAppError(error) ? error.code : String(error) }, 'multipart abort left for the sweeper');
    return false;
  }
};
