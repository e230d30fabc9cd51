import type { Actor } from '../../../../domain/actor.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import { isAppError, type ErrorCode } from '../../../../domain/app-error.ts';
import { invalidPartList, notAudio, trackNotFound, trackTooLarge, uploadNotFound, uploadSizeConflict } from '../../../../domain/errors/music.errors.ts';
import { isStoreError } from '../../../../domain/errors/storage.errors.ts';
import type { UploadSession } from '../../../../domain/music.ts';
import type { DirectUploads } from '../../../ports/direct-uploads.port.ts';
import { SNIFF_BYTES, type MediaInspector } from '../../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../../ports/object-storage.port.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { presentTrack, type TrackView } from '../music-presenter.ts';
import { discardTrack } from '../tracks/discard-track.ts';
import { finishTrack } from '../tracks/finish-track.ts';
import { findOpenSession } from './open-session.ts';
import { storeRangeReader } from './store-range-reader.ts';

export interface CompleteTrackUploadDeps extends TrackRemovalDeps {
  storage: Pick<ObjectStorage, 'head' | 'getStream' | 'delete'>;
  directUploads: Pick<DirectUploads, 'completeMultipart' | 'abortMultipart'>;
  inspector: MediaInspector;
  maxTrackBytes: number;
}

export interface CompleteTrackUploadInput {
  uploadId: string;
  key?: string;
  parts: Array<{ partNumber: number; etag: string }>;
}

/** Verdicts on the assembled bytes: the track and its object are removed. Anything else (a store or database hiccup) leaves them for a retry. */
const FINAL: ReadonlySet<ErrorCode> = new Set([
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_AUDIO',
  'PAYLOAD_TOO_LARGE',
  'UPLOAD_CONFLICT',
  'MUSIC_SET_NOT_FOUND',
  'TRACK_NOT_FOUND',
]);

/**
 * Has the store assemble the parts only if they fit the plan (each within its planned size, together the declared
 * size), so nothing is written that would be refused afterwards; then judges the object by its bytes through a few ranged reads (the head
 * for the type, headers and tails for the duration), never by reading it whole; its size must be the declared
 * one. Invalid audio: 415, and the track and object are gone.
 */
export class CompleteTrackUpload {
  constructor(private readonly deps: CompleteTrackUploadDeps) {}

  async execute(actor: Actor, input: CompleteTrackUploadInput): Promise<TrackView> {
    requireAdmin(actor);
    const { deps } = this;
    const session = await findOpenSession(deps.music, input.uploadId, input.key);
    const parts = [...input.parts].sort((a, b) => a.partNumber - b.partNumber);
    const repeated = parts.find((part, i) => i > 0 && parts[i - 1]!.partNumber === part.partNumber);
    if (repeated || parts.some((p) => p.partNumber > session.partCount)) {
      throw invalidPartList(session.partCount);
    }
    try {
      await this.assemble(session, parts);
      const view = await this.validateAndFinish(actor, session);
      deps.log.info({ trackId: session.trackId, bytes: view.byteSize, durationMs: view.durationMs }, 'direct track upload completed');
      return view;
    } catch (error) {
      // A part list the store does not hold yet (a wrong ETag, a part still missing) may be retried; sizes outside the plan may not.
      const final = isStoreError(error, 'uploadSizeMismatch') || (isAppError(error) && FINAL.has(error.code) && !isStoreError(error, 'invalidUploadPart'));
      if (final) {
        await discardTrack(deps, session.trackId);
        deps.log.info({ trackId: session.trackId, code: error.code }, 'direct track upload refused');
      }
      throw error;
    }
  }

  /** A completion retried after the store already assembled the object goes on to validation. */
  private async assemble(session: UploadSession, parts: CompleteTrackUploadInput['parts']): Promise<void> {
    try {
      await this.deps.directUploads.completeMultipart(session.objectKey, session.uploadId, parts, { byteSize: session.byteSize, partSize: session.partSize });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UPLOAD_NOT_FOUND') throw error;
      const exists = await this.deps.storage.head(session.objectKey).then(
        () => true,
        () => false,
      );
      if (!exists) throw uploadNotFound();
    }
  }

  private async validateAndFinish(actor: Actor, session: UploadSession): Promise<TrackView> {
    const { deps } = this;
    const info = await deps.storage.head(session.objectKey);
    if (info.byteSize > deps.maxTrackBytes) throw trackTooLarge(deps.maxTrackBytes);
    if (session.byteSize > 0 && info.byteSize !== session.byteSize) {
      throw uploadSizeConflict(info.byteSize, session.byteSize);
    }
    if (info.byteSize === 0) throw notAudio();
    const reader = storeRangeReader(deps.storage, session.objectKey, info.byteSize);
    const head = await reader.read(0, Math.min(info.byteSize, SNIFF_BYTES) - 1);
    const sniffed = await deps.inspector.sniffAudio(head);
    if (!sniffed) throw notAudio();
    const audio = await deps.inspector.readAudioInfo(reader, { mime: sniffed.mime, byteSize: info.byteSize });
    const track = await deps.music.findTrack(session.trackId);
    if (!track) throw trackNotFound();
    const ready = await finishTrack(deps, { track, sniffed, info: audio, byteSize: info.byteSize, sha256: null, fields: null });
    return presentTrack(ready, readScope(actor, 'admin'));
  }
}
