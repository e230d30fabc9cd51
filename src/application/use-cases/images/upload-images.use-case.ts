import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../domain/actor.ts';
import { AppError, isAppError, type ErrorCode } from '../../../domain/app-error.ts';
import type { Image, Visibility } from '../../../domain/image.ts';
import { imageKey, imageKeys } from '../../../domain/object-keys.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { DeletionQueue } from '../../ports/deletion-queue.port.ts';
import type { IdGenerator } from '../../ports/id-generator.port.ts';
import type { ImageProcessor } from '../../ports/image-processor.port.ts';
import type { ImageRepository } from '../../ports/image-repository.port.ts';
import type { Logger } from '../../ports/logger.port.ts';
import type { MediaInspector } from '../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';
import type { RateLimiter } from '../../ports/rate-limiter.port.ts';
import { requireAdmin } from '../../../domain/access-policy.ts';
import { deleteQueuedObjects } from '../../shared/cleanup-objects.ts';
import { readBounded } from '../../shared/read-bounded.ts';
import type { ImagePresenter, ImageView } from './image-presenter.ts';

export interface IncomingImageFile {
  filename: string;
  stream: Readable;
}

export interface ImageFields {
  title?: string | null;
  description?: string | null;
  visibility?: Visibility;
}

export interface UploadImagesInput {
  files: AsyncIterable<IncomingImageFile>;
  /** The text fields seen so far; multipart may send them before or after the files. */
  fields: () => ImageFields;
}

export interface FailedFile {
  filename: string;
  code: ErrorCode;
  detail: string;
}

export interface UploadImagesResult {
  items: ImageView[];
  failed: FailedFile[];
}

export interface UploadImagesLimits {
  maxImageBytes: number;
  maxImagesPerRequest: number;
  maxPixels: number;
}

export interface UploadImagesDeps {
  images: ImageRepository;
  queue: DeletionQueue;
  store: ObjectStorage;
  inspector: MediaInspector;
  processor: ImageProcessor;
  rateLimiter: RateLimiter;
  presenter: ImagePresenter;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  limits: UploadImagesLimits;
}

type Stored = { image: Image; created: boolean; fieldsUsed: ImageFields };

/**
 * Stores each file in turn: validate by bytes and derive (nothing written yet), insert the `pending` row
 * (deduplicated by SHA-256), write the three objects, mark `ready`. A failure after the row exists queues
 * the row's keys for deletion, so nothing half-written survives the next sweep.
 */
export class UploadImages {
  constructor(private readonly deps: UploadImagesDeps) {}

  async execute(actor: Actor, input: UploadImagesInput): Promise<UploadImagesResult> {
    requireAdmin(actor);
    const stored: Stored[] = [];
    const failed: FailedFile[] = [];
    let count = 0;
    let retryAfterSeconds = 0;
    try {
      for await (const file of input.files) {
        count += 1;
        if (count > this.deps.limits.maxImagesPerRequest) {
          file.stream.resume();
          throw new AppError('TOO_MANY_FILES', 'too many files', {
            detail: `At most ${this.deps.limits.maxImagesPerRequest} files per request; nothing was stored.`,
          });
        }
        try {
          stored.push(await this.storeOne(actor, file, input.fields()));
        } catch (error) {
          file.stream.resume();
          if (!isFileLevel(error)) throw error;
          if (error.retryAfterSeconds !== undefined) retryAfterSeconds = Math.max(retryAfterSeconds, error.retryAfterSeconds);
          failed.push({ filename: file.filename, code: error.code, detail: error.detail ?? error.message });
        }
      }
    } catch (error) {
      // A malformed body, too many files or a dependency down fails the whole request: undo what it stored.
      await this.rollBack(stored);
      throw error;
    }
    const items = await this.applyLateFields(stored, input.fields());
    if (items.length === 0) {
      const limited = failed.length > 0 && failed.every((f) => f.code === 'RATE_LIMITED');
      if (limited) {
        throw new AppError('RATE_LIMITED', 'upload rate limit reached', {
          detail: 'Too many files uploaded in the last minute.',
          retryAfterSeconds: Math.max(1, retryAfterSeconds),
          extensions: { failed },
        });
      }
      throw new AppError('ALL_FILES_FAILED', 'no file could be stored', {
        detail: failed.length === 0 ? 'The request contained no file part named "file".' : 'Every file failed.',
        extensions: { failed },
        ...(failed.length === 0 ? { errors: [{ path: 'file', message: 'at least one file is required' }] } : {}),
      });
    }
    return { items: await Promise.all(items.map((image) => this.deps.presenter.present(image, actor))), failed };
  }

  private async storeOne(actor: Actor, file: IncomingImageFile, fields: ImageFields): Promise<Stored> {
    const { deps } = this;
    const permit = await deps.rateLimiter.consume('uploads', actor.sub, 1);
    if (!permit.allowed) {
      throw new AppError('RATE_LIMITED', 'upload rate limit reached', {
        detail: `Upload limit reached; retry in ${permit.retryAfterSeconds} s.`,
        retryAfterSeconds: permit.retryAfterSeconds,
      });
    }
    const read = await readBounded(file.stream, deps.limits.maxImageBytes);
    if (!read.ok) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'image too large', {
        detail: `The file is larger than ${deps.limits.maxImageBytes} bytes.`,
      });
    }
    const bytes = read.bytes;
    const sniffed = bytes.length === 0 ? null : await deps.inspector.sniffImage(bytes.subarray(0, 8192));
    if (!sniffed) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'not an accepted image', {
        detail: 'The file is not a JPEG, PNG, WebP, AVIF or GIF image.',
      });
    }
    const derived = await deps.processor.derive(bytes, { maxPixels: deps.limits.maxPixels });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const now = deps.clock.now();
    const inserted = await deps.images.insertPending({
      id: deps.ids.next(),
      visibility: fields.visibility ?? 'private',
      title: fields.title ?? null,
      description: fields.description ?? null,
      originalFilename: sanitizeFilename(file.filename),
      originalContentType: sniffed.mime,
      byteSize: bytes.length,
      sha256,
      uploadedBy: actor.sub,
      createdAt: now,
    });
    if (!inserted.inserted) {
      deps.log.info({ imageId: inserted.existing.id, sha256 }, 'image upload deduplicated');
      return { image: inserted.existing, created: false, fieldsUsed: fields };
    }
    const id = inserted.image.id;
    try {
      await deps.store.put(imageKey(id, 'original'), bytes, { contentType: sniffed.mime, byteSize: bytes.length });
      await deps.store.put(imageKey(id, 'thumbnail'), derived.thumbnail.bytes, { contentType: 'image/webp' });
      await deps.store.put(imageKey(id, 'display'), derived.display.bytes, { contentType: 'image/webp' });
      const ready = await deps.images.markReady(id, { width: derived.width, height: derived.height }, deps.clock.now());
      if (!ready) throw new AppError('IMAGE_NOT_FOUND', 'image deleted during upload', { detail: 'The image was deleted while it was being stored.' });
      deps.log.info({ imageId: id, bytes: bytes.length, type: sniffed.mime, width: derived.width, height: derived.height }, 'image stored');
      return { image: ready, created: true, fieldsUsed: fields };
    } catch (error) {
      await this.discard(id);
      throw error;
    }
  }

  /** Fields sent after some files still apply to every file of the request. */
  private async applyLateFields(stored: Stored[], finalFields: ImageFields): Promise<Image[]> {
    const out: Image[] = [];
    for (const s of stored) {
      const patch: ImageFields = {};
      for (const k of ['title', 'description', 'visibility'] as const) {
        if (finalFields[k] !== undefined && finalFields[k] !== s.fieldsUsed[k]) Object.assign(patch, { [k]: finalFields[k] });
      }
      if (!s.created || Object.keys(patch).length === 0) {
        out.push(s.image);
        continue;
      }
      out.push((await this.deps.images.update(s.image.id, patch, this.deps.clock.now())) ?? s.image);
    }
    return out;
  }

  private async rollBack(stored: Stored[]): Promise<void> {
    for (const s of stored) if (s.created) await this.discard(s.image.id);
  }

  /** Best effort: if the database is down too, the `pending` row stays for the sweeper. */
  private async discard(id: string): Promise<void> {
    const keys = imageKeys(id);
    try {
      await this.deps.images.deleteAndEnqueue(id, keys, this.deps.clock.now());
      await deleteQueuedObjects(this.deps.store, this.deps.queue, keys, this.deps.log);
    } catch (error) {
      this.deps.log.warn({ imageId: id, err: String(error) }, 'failed upload left for the sweeper');
    }
  }
}

const FILE_LEVEL: ReadonlySet<ErrorCode> = new Set([
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_IMAGE',
  'RATE_LIMITED',
  'IMAGE_NOT_FOUND',
]);

/** Failures that concern one file only: reported in `failed` while the other files go on. */
const isFileLevel = (error: unknown): error is AppError => isAppError(error) && FILE_LEVEL.has(error.code);

/** Kept for admins' reference only (keys never use it): strip paths and control characters, bound length. */
const sanitizeFilename = (name: string): string => {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' ? 'unnamed' : clean;
};
