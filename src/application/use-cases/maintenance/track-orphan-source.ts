import { isAppError } from '../../../domain/app-error.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import type { DirectUploads } from '../../ports/direct-uploads.port.ts';
import type { StoreMaintenance } from '../../ports/store-maintenance.port.ts';
import type { OrphanSource } from './orphan-source.ts';
import { UUID_PATTERN } from '../../../domain/ids.ts';

const TRACK_KEY = new RegExp(`^tracks/(${UUID_PATTERN})/`);
const BATCH = 200;

export interface TrackOrphanSourceDeps {
  music: MusicRepository;
  directUploads: Pick<DirectUploads, 'abortMultipart'>;
  maintenance: Pick<StoreMaintenance, 'listMultipartUploads'>;
  clock: Clock;
  log: Logger;
}

/**
 * Track objects are live while the track row exists. Unfinished uploads older than the cutoff are
 * removed: abandoned direct uploads (session rows: abort the multipart upload, then drop the track),
 * crashed API uploads (`uploading` tracks without a session), and multipart uploads no session knows.
 */
export const trackOrphanSource = ({ music, directUploads, maintenance, clock, log }: TrackOrphanSourceDeps): OrphanSource => ({
  prefix: 'tracks/',
  idOf: (key) => TRACK_KEY.exec(key)?.[1] ?? null,
  existingIds: (ids) => music.existingTrackIds(ids),
  async removeStale(cutoff) {
    let rows = 0;
    let multipartAborted = 0;
    for (const session of await music.findStaleSessions(cutoff, BATCH)) {
      if (await abort(directUploads, session.objectKey, session.uploadId)) multipartAborted += 1;
      if (await music.deleteTrackAndEnqueue(session.trackId, clock.now())) rows += 1;
    }
    for (const track of await music.findStaleUploadingTracks(cutoff, BATCH)) {
      if (await music.deleteTrackAndEnqueue(track.id, clock.now())) rows += 1;
    }
    try {
      const uploads = (await maintenance.listMultipartUploads(cutoff)).filter((u) => u.key.startsWith('tracks/'));
      const known = uploads.length > 0 ? await music.existingSessionIds(uploads.map((u) => u.uploadId)) : new Set<string>();
      for (const upload of uploads) {
        if (!known.has(upload.uploadId) && (await abort(directUploads, upload.key, upload.uploadId))) multipartAborted += 1;
      }
    } catch (error) {
      // Some S3-compatible servers cannot list multipart uploads; the bucket's lifecycle rule still aborts them.
      log.warn({ err: isAppError(error) ? error.code : String(error) }, 'could not list multipart uploads');
    }
    return { rows, multipartAborted };
  },
});

const abort = async (directUploads: Pick<DirectUploads, 'abortMultipart'>, key: string, uploadId: string): Promise<boolean> => {
  try {
    await directUploads.abortMultipart(key, uploadId);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'UPLOAD_NOT_FOUND') return false;
    throw error;
  }
};
