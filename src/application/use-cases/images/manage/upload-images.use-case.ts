import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../../domain/actor.ts';
import { isAppError, type AppError, type ErrorCode } from '../../../../domain/app-error.ts';
import { uploadRateLimited } from '../../../../domain/errors/common.errors.ts';
import {
  allFilesFailed,
  everyFileRateLimited,
  imageDeletedDuringUpload,
  imageTooLarge,
  notAnAcceptedImage,
  tooManyFiles,
} from '../../../../domain/errors/images.errors.ts';
import type { Image } from '../../../../domain/image.ts';
import { imageKey, imageKeys } from '../../../../domain/object-keys.ts';
import type { Clock } from '../../../ports/clock.port.ts';
import type { DeletionQueue } from '../../../ports/deletion-queue.port.ts';
import type { IdGenerator } from '../../../ports/id-generator.port.ts';
import type { ImageProcessor } from '../../../ports/image-processor.port.ts';
import type { ImagePatch, ImageRepository } from '../../../ports/image-repository.port.ts';
import type { Logger } from '../../../ports/logger.port.ts';
import type { MediaInspector } from '../../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../../ports/object-storage.port.ts';
import type { RateLimiter } from '../../../ports/rate-limiter.port.ts';
import { readScope } from '../../../../domain/access-policy.ts';
import { deleteQueuedObjects } from '../../../shared/cleanup-objects.ts';
import { readBounded } from '../../../shared/read-bounded.ts';
import { presentImage, type ImageUrlSigner, type ImageView } from '../image-presenter.ts';

export interface IncomingImageFile {
  filename: string;
  stream: Readable;
}

/** The upload's text fields are exactly what an edit may change, so a field added to one is in the other. */
export type ImageFields = ImagePatch;

export interface UploadImagesInput {
  files: AsyncIterable<IncomingImageFile>;
  /** The text fields seen so far; multipart may send them before or after the files. */
  fields: () => ImageFields;
}

/** The codes a single file of a batch can fail with; any other error fails the whole request. */
export const FILE_FAILURE_CODES = [
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_IMAGE',
  'RATE_LIMITED',
  'IMAGE_NOT_FOUND',
] as const satisfies readonly ErrorCode[];
export type FileFailureCode = (typeof FILE_FAILURE_CODES)[number];

export interface FailedFile {
  filename: string;
  code: FileFailureCode;
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
  storage: ObjectStorage;
  inspector: MediaInspector;
  processor: ImageProcessor;
  rateLimiter: RateLimiter;
  signer: ImageUrlSigner;
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
    // Uploads are admin-only, and their answer is the admin view.
    const scope = readScope(actor, 'admin');
    const stored: Stored[] = [];
    const failed: FailedFile[] = [];
    let count = 0;
    let retryAfterSeconds = 0;
    try {
      for await (const file of input.files) {
        count += 1;
        if (count > this.deps.limits.maxImagesPerRequest) {
          file.stream.resume();
          throw tooManyFiles(this.deps.limits.maxImagesPerRequest);
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
      throw limited ? everyFileRateLimited(retryAfterSeconds, failed) : allFilesFailed(failed);
    }
    return { items: await Promise.all(items.map((image) => presentImage(image, scope, this.deps.signer))), failed };
  }

  private async storeOne(actor: Actor, file: IncomingImageFile, fields: ImageFields): Promise<Stored> {
    const { deps } = this;
    const permit = await deps.rateLimiter.consume('uploads', actor.sub, 1);
    if (!permit.allowed) throw uploadRateLimited(permit.retryAfterSeconds);
    const read = await readBounded(file.stream, deps.limits.maxImageBytes);
    if (!read.ok) throw imageTooLarge(deps.limits.maxImageBytes);
    const bytes = read.bytes;
    const sniffed = bytes.length === 0 ? null : await deps.inspector.sniffImage(bytes.subarray(0, 8192));
    if (!sniffed) throw notAnAcceptedImage();
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
      await deps.storage.put(imageKey(id, 'original'), bytes, { contentType: sniffed.mime, byteSize: bytes.length });
      await deps.storage.put(imageKey(id, 'thumbnail'), derived.thumbnail.bytes, { contentType: 'image/webp' });
      await deps.storage.put(imageKey(id, 'display'), derived.display.bytes, { contentType: 'image/webp' });
      const ready = await deps.images.markReady(id, { width: derived.width, height: derived.height }, deps.clock.now());
      if (!ready) throw imageDeletedDuringUpload();
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
      const patch = changedFields(s.fieldsUsed, finalFields);
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
      await deleteQueuedObjects(this.deps.storage, this.deps.queue, keys, this.deps.log);
    } catch (error) {
      this.deps.log.warn({ imageId: id, err: String(error) }, 'failed upload left for the sweeper');
    }
  }
}

/** Every field `latest` sets to something other than what a file was stored with, whatever fields there are. */
const changedFields = (used: ImageFields, latest: ImageFields): ImageFields =>
  Object.fromEntries(
    (Object.keys(latest) as Array<keyof ImageFields>).filter((key) => latest[key] !== undefined && latest[key] !== used[key]).map((key) => [key, latest[key]]),
  );

const FILE_LEVEL: ReadonlySet<string> = new Set(FILE_FAILURE_CODES);

/** Failures that concern one file only: reported in `failed` while the other files go on. */
const isFileLevel = (error: unknown): error is AppError<FileFailureCode> => isAppError(error) && FILE_LEVEL.has(error.code);

/** Kept for admins' reference only (keys never use it): strip paths and control characters, bound length. */
const sanitizeFilename = (name: string): string => {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return clean === '' ? 'unnamed' : clean;
};
