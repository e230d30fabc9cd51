import type { Actor } from '../../../../domain/actor.ts';
import { isAppError } from '../../../../domain/app-error.ts';
import { readScope, requireAdmin } from '../../../../domain/access-policy.ts';
import { uploadRateLimited } from '../../../../domain/errors/common.errors.ts';
import { moreThanOneTrackFile, musicSetNotFound, noTrackFile, notAudio, trackTooLarge } from '../../../../domain/errors/music.errors.ts';
import type { Track } from '../../../../domain/music.ts';
import { trackKey } from '../../../../domain/object-keys.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import { SNIFF_BYTES, type AudioInfo, type MediaInspector, type SniffedAudio } from '../../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../../ports/object-storage.port.ts';
import type { RateLimiter } from '../../../ports/rate-limiter.port.ts';
import type { IncomingFile, UploadMeters } from '../../../ports/upload-meter.port.ts';
import type { TrackRemovalDeps } from '../music-deps.ts';
import { presentTrack, type TrackView } from '../music-presenter.ts';
import { discardTrack } from './discard-track.ts';
import { finishTrack } from './finish-track.ts';
import { sanitizeFilename, titleFromFilename } from './track-names.ts';

export interface TrackFields {
  title?: string;
  artist?: string | null;
}

export interface UploadTrackInput {
  setId: string;
  files: AsyncIterable<IncomingFile>;
  /** The text fields seen so far; multipart may send them before or after the file. */
  fields: () => TrackFields;
}

export interface UploadTrackResult {
  track: TrackView;
  /** False when the same bytes were already a ready track of the set: that track is returned instead. */
  created: boolean;
}

export interface UploadTrackDeps extends TrackRemovalDeps {
  storage: Pick<ObjectStorage, 'put' | 'delete'>;
  meters: UploadMeters;
  inspector: MediaInspector;
  rateLimiter: RateLimiter;
  ids: IdGenerator;
  maxTrackBytes: number;
}

interface Streamed {
  track: Track;
  sniffed: SniffedAudio;
  info: AudioInfo;
  bytes: number;
  sha256: string;
}

const PROGRESS_EVERY = 256 * 1024 * 1024;

/**
 * One track through the service: the first bytes are sniffed before anything is written, then the row
 * (`uploading`) is inserted, then the bytes stream to the store while music-metadata reads the same bytes
 * on a tee, and the track becomes ready once the rest of the body (late text fields) has been read.
 * Any failure after the row exists removes row and object.
 */
export class UploadTrack {
  constructor(private readonly deps: UploadTrackDeps) {}

  async execute(actor: Actor, input: UploadTrackInput): Promise<UploadTrackResult> {
    requireAdmin(actor);
    const files = input.files[Symbol.asyncIterator]();
    const first = await files.next();
    if (first.done) {
      throw noTrackFile();
    }
    const file = first.value;
    let streamed: Streamed;
    try {
      streamed = await this.stream(actor, input, file);
    } catch (error) {
      file.stream.resume();
      throw error;
    }
    try {
      for (let next = await files.next(); !next.done; next = await files.next()) {
        next.value.stream.resume();
        throw moreThanOneTrackFile();
      }
      return await this.finish(actor, input.setId, streamed, input.fields());
    } catch (error) {
      await discardTrack(this.deps, streamed.track.id);
      throw error;
    }
  }

  private async stream(actor: Actor, input: UploadTrackInput, file: IncomingFile): Promise<Streamed> {
    const { deps } = this;
    const permit = await deps.rateLimiter.consume('uploads', actor.sub, 1);
    if (!permit.allowed) throw uploadRateLimited(permit.retryAfterSeconds);
    const startedAt = Date.now();
    const meter = deps.meters.meter(file.stream, {
      headBytes: SNIFF_BYTES,
      maxBytes: deps.maxTrackBytes,
      tooLarge: () => trackTooLarge(deps.maxTrackBytes),
      progressEvery: PROGRESS_EVERY,
      onProgress: (bytes) => {
        deps.log.info({ setId: input.setId, bytes, filename: file.filename }, 'track upload progress');
        // A long upload is alive, not abandoned: keep the sweeper's hands off it.
        if (track) void deps.music.touchUpload(track.id, deps.clock.now()).catch(() => undefined);
      },
    });
    let track: Track | null = null;
    try {
      const head = await meter.head;
      const sniffed = head.length === 0 ? null : await deps.inspector.sniffAudio(head);
      if (!sniffed) throw notAudio();
      const fields = input.fields();
      track = await deps.music.insertTrack({
        id: deps.ids.next(),
        setId: input.setId,
        title: fields.title ?? titleFromFilename(file.filename),
        artist: fields.artist ?? null,
        contentType: sniffed.mime,
        byteSize: 0,
        originalFilename: sanitizeFilename(file.filename),
        sha256: null,
        uploadedBy: actor.sub,
        createdAt: deps.clock.now(),
      });
      if (!track) throw musicSetNotFound();
      const [toStore, toParser] = meter.branches();
      const put = deps.storage.put(trackKey(track.id), toStore, { contentType: sniffed.mime }).catch((error: unknown) => {
        meter.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
      const parse = deps.inspector.readAudioInfo(toParser, { mime: sniffed.mime });
      meter.open();
      const [stored, parsed] = await Promise.allSettled([put, parse]);
      if (meter.error) throw meter.error;
      if (stored.status === 'rejected') throw stored.reason;
      if (parsed.status === 'rejected') throw parsed.reason;
      const bytes = meter.byteCount;
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      deps.log.info({ trackId: track.id, bytes, mibPerSecond: Math.round(bytes / 1048576 / seconds) }, 'track bytes stored');
      return { track, sniffed, info: parsed.value, bytes, sha256: meter.sha256() };
    } catch (error) {
      meter.destroy();
      if (track) await discardTrack(deps, track.id);
      throw meter.error && meter.error !== error && isTooLarge(meter.error) ? meter.error : error;
    }
  }

  private async finish(actor: Actor, setId: string, s: Streamed, fields: TrackFields): Promise<UploadTrackResult> {
    const { deps } = this;
    const duplicate = await deps.music.findTrackBySha256(setId, s.sha256);
    if (duplicate && duplicate.id !== s.track.id) {
      await discardTrack(deps, s.track.id);
      deps.log.info({ trackId: duplicate.id, sha256: s.sha256 }, 'track upload deduplicated');
      return { track: presentTrack(duplicate, readScope(actor, 'admin')), created: false };
    }
    const ready = await finishTrack(deps, {
      track: s.track,
      sniffed: s.sniffed,
      info: s.info,
      byteSize: s.bytes,
      sha256: s.sha256,
      fields,
    });
    deps.log.info({ trackId: ready.id, setId, bytes: s.bytes, type: s.sniffed.mime, durationMs: ready.durationMs }, 'track stored');
    return { track: presentTrack(ready, readScope(actor, 'admin')), created: true };
  }
}

const isTooLarge = (error: Error): boolean => isAppError(error) && error.code === 'PAYLOAD_TOO_LARGE';
