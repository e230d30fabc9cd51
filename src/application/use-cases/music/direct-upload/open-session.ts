import type { UploadSession } from '../../../../domain/music.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import type { MediaInspector } from '../../../ports/media-inspector.port.ts';
import type { MusicRepository, OpenUploadQuota } from '../../../ports/music-repository.port.ts';
import type { RateLimiter } from '../../../ports/rate-limiter.port.ts';
import type { DiscardTrackDeps } from '../tracks/discard-track.ts';
import { uploadNotFound } from '../../../../domain/errors/music.errors.ts';

/** What the direct-to-store upload use cases share. */
export interface DirectUploadDeps extends DiscardTrackDeps {
  music: MusicRepository;
  inspector: MediaInspector;
  rateLimiter: RateLimiter;
  ids: IdGenerator;
  maxTrackBytes: number;
  /** Lifetime of presigned part URLs. */
  partUrlTtlSeconds: number;
  /** How long an upload may stay open before the sweeper aborts it (ORPHAN_GRACE_SECONDS). */
  sessionTtlSeconds: number;
  /** Per admin: open uploads and the bytes they declared (MAX_OPEN_UPLOADS_PER_ADMIN, MAX_OPEN_UPLOAD_BYTES_PER_ADMIN). */
  openUploadQuota: OpenUploadQuota;
}

/** The open upload session; `key`, when the client sends one (Uppy does), must be the session's. */
export const findOpenSession = async (music: MusicRepository, uploadId: string, key?: string): Promise<UploadSession> => {
  const session = await music.findSession(uploadId);
  if (!session || (key !== undefined && key !== session.objectKey)) throw uploadNotFound();
  return session;
};
