import { createHash, randomBytes } from 'node:crypto';
import type { MultipartBounds } from '../../application/ports/object-types.ts';
import { invalidUploadPart, partNumberOutOfRange, partSizeOutOfRange, uploadSizeMismatch } from '../../domain/errors/storage.errors.ts';
import { MULTIPART_LIMITS } from '../../domain/multipart-limits.ts';
import { partLength } from '../../application/use-cases/music/direct-upload/part-plan.ts';

export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

const unquote = (etag: string) => etag.replace(/"/g, '').toLowerCase();

/** S3's multipart rules, applied by the stores that emulate it so that code proven on them also works on S3. */
export const multipartRules = {
  minPartBytes: MULTIPART_LIMITS.minPartBytes,
  maxPartBytes: MULTIPART_LIMITS.maxPartBytes,
  maxPartNumber: MULTIPART_LIMITS.maxParts,

  assertPartNumber(partNumber: number): number {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MULTIPART_LIMITS.maxParts) {
      throw partNumberOutOfRange(MULTIPART_LIMITS.maxParts);
    }
    return partNumber;
  },

  /** A part's planned length, as signed into its URL: 0..5 GiB. */
  assertPartBytes(byteSize: number): number {
    if (!Number.isSafeInteger(byteSize) || byteSize < 0 || byteSize > MULTIPART_LIMITS.maxPartBytes) {
      throw partSizeOutOfRange();
    }
    return byteSize;
  },

  /** The parts to concatenate, in order; throws when the list does not match what the store holds. */
  checkCompletion(requested: Array<{ partNumber: number; etag: string }>, stored: StoredPart[]): StoredPart[] {
    if (requested.length === 0) throw invalidUploadPart('a completion needs at least one part');
    const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
    const chosen = requested.map((want, index) => {
      const previous = requested[index - 1];
      if (previous && want.partNumber <= previous.partNumber) {
        throw invalidUploadPart('parts must be listed in ascending order without repeats');
      }
      const have = byNumber.get(want.partNumber);
      if (!have || unquote(have.etag) !== unquote(want.etag)) {
        throw invalidUploadPart(`part ${want.partNumber} is missing or has another ETag`);
      }
      return have;
    });
    chosen.slice(0, -1).forEach((part) => {
      if (part.size < MULTIPART_LIMITS.minPartBytes) throw invalidUploadPart(`part ${part.partNumber} is smaller than 5 MiB`);
    });
    return chosen;
  },

  /** Refuses parts that do not fit the upload's plan, before anything is assembled from them. */
  checkBounds(chosen: StoredPart[], bounds: MultipartBounds | undefined): void {
    if (bounds === undefined) return;
    let total = 0;
    for (const part of chosen) {
      const planned = partLength(bounds, bounds.byteSize, part.partNumber);
      if (part.size > planned) {
        throw uploadSizeMismatch(`Part ${part.partNumber} has ${part.size} bytes, more than its planned ${planned}.`, 'PAYLOAD_TOO_LARGE');
      }
      total += part.size;
    }
    if (total !== bounds.byteSize) {
      throw uploadSizeMismatch(`The parts hold ${total} bytes, but ${bounds.byteSize} were announced; nothing was kept.`);
    }
  },

  /** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, a dash, the part count. */
  combinedEtag(parts: StoredPart[]): string {
    const hash = createHash('md5');
    for (const part of parts) hash.update(Buffer.from(unquote(part.etag), 'hex'));
    return `"${hash.digest('hex')}-${parts.length}"`;
  },

  newUploadId(): string {
    return randomBytes(16).toString('hex');
  },

  isUploadId(value: string): boolean {
    return /^[0-9a-f]{32}$/.test(value);
  },
};
