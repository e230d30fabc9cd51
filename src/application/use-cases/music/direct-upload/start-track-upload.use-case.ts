import type { Actor } from '../../../../domain/actor.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import { declaredAudioType } from '../../../../domain/audio-formats.ts';
import { uploadRateLimited } from '../../../../domain/errors/common.errors.ts';
import { musicSetNotFound, notAudio, tooManyOpenUploads, trackTooLarge } from '../../../../domain/errors/music.errors.ts';
import { trackKey } from '../../../../domain/object-keys.ts';
import type { DirectUploads } from '../../../ports/direct-uploads.port.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import type { Logger } from '../../../ports/logger.port.ts';
import type { OpenUploadQuota } from '../../../ports/music-repository.port.ts';
import type { RateLimiter } from '../../../ports/rate-limiter.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { presentTrack, type TrackView } from '../music-presenter.ts';
import { sanitizeFilename, titleFromFilename } from '../tracks/track-names.ts';
import { planParts } from './part-plan.ts';

export interface StartTrackUploadDeps extends MusicRowsDeps {
  directUploads: Pick<DirectUploads, 'startMultipart' | 'abortMultipart'>;
  rateLimiter: RateLimiter;
  ids: IdGenerator;
  log: Logger;
  maxTrackBytes: number;
  /** How long an upload may stay open before the sweeper aborts it (ORPHAN_GRACE_SECONDS). */
  sessionTtlSeconds: number;
  /** Per admin: open uploads and the bytes they declared (MAX_OPEN_UPLOADS_PER_ADMIN, MAX_OPEN_UPLOAD_BYTES_PER_ADMIN). */
  openUploadQuota: OpenUploadQuota;
}

export interface StartTrackUploadInput {
  setId: string;
  filename: string;
  contentType: string;
  /** Always declared: it bounds every part URL and the assembled object. */
  byteSize: number;
  title?: string;
  artist?: string | null;
}

export interface StartedTrackUpload {
  uploadId: string;
  trackId: string;
  key: string;
  partSize: number;
  partCount: number;
  expiresAt: string;
  track: TrackView;
}

/**
 * Opens a multipart upload in the store, then inserts the `uploading` track and its session in one
 * transaction. A crash between the two leaves a multipart upload no session knows, which the sweeper aborts.
 */
export class StartTrackUpload {
  constructor(private readonly deps: StartTrackUploadDeps) {}

  async execute(actor: Actor, input: StartTrackUploadInput): Promise<StartedTrackUpload> {
    requireAdmin(actor);
    const { deps } = this;
    const contentType = declaredAudioType(input.contentType, input.filename);
    if (!contentType) throw notAudio();
    if (input.byteSize > deps.maxTrackBytes) throw trackTooLarge(deps.maxTrackBytes);
    const plan = planParts(input.byteSize);
    if (!(await deps.music.findSet(input.setId, []))) throw musicSetNotFound();
    const permit = await deps.rateLimiter.consume('uploads', actor.sub, 1);
    if (!permit.allowed) throw uploadRateLimited(permit.retryAfterSeconds);

    const trackId = deps.ids.next();
    const key = trackKey(trackId);
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + Math.max(1, deps.sessionTtlSeconds) * 1000);
    const { uploadId } = await deps.directUploads.startMultipart(key, { contentType });
    const session = {
      uploadId,
      objectKey: key,
      partSize: plan.partSize,
      partCount: plan.partCount,
      byteSize: input.byteSize,
      contentType,
      createdBy: actor.sub,
      createdAt: now,
      expiresAt,
    };
    const filename = sanitizeFilename(input.filename);
    let track;
    try {
      track = await deps.music.insertTrack(
        {
          id: trackId,
          setId: input.setId,
          title: input.title ?? titleFromFilename(filename),
          artist: input.artist ?? null,
          contentType,
          byteSize: input.byteSize,
          originalFilename: filename,
          sha256: null,
          uploadedBy: actor.sub,
          createdAt: now,
        },
        session,
        deps.openUploadQuota,
      );
    } catch (error) {
      await deps.directUploads.abortMultipart(key, uploadId).catch(() => undefined);
      throw error;
    }
    if (!track || track === 'quota-exceeded') {
      await deps.directUploads.abortMultipart(key, uploadId).catch(() => undefined);
      throw track ? tooManyOpenUploads(deps.openUploadQuota) : musicSetNotFound();
    }
    deps.log.info({ trackId, setId: input.setId, byteSize: input.byteSize, parts: plan.partCount }, 'direct track upload started');
    return { uploadId, trackId, key, ...plan, expiresAt: expiresAt.toISOString(), track: presentTrack(track, readScope(actor, 'admin')) };
  }
}
