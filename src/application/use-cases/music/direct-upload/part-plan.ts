import { invalidUploadByteSize, tooLargeForMultipart } from '../../../../domain/errors/music.errors.ts';

const MiB = 1024 * 1024;

/** S3's rules: every part but the last at least 5 MiB, at most 10,000 parts, a part at most 5 GiB. */
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PARTS = 10_000;
export const MAX_PART_BYTES = 5 * 1024 * MiB;

export interface PartPlan {
  partSize: number;
  partCount: number;
}

/**
 * The smallest whole-MiB part size (at least 5 MiB) that fits `byteSize` in 10,000 parts. Small parts keep
 * retries after a network drop cheap; whole MiBs keep the numbers readable. It is also the size
 * @uppy/aws-s3 picks by itself (max(5 MiB, size / 10,000)) for any file up to ~48 GiB, so its part
 * numbers never exceed the plan's.
 */
export const planParts = (byteSize: number): PartPlan => {
  if (!Number.isSafeInteger(byteSize) || byteSize < 1) {
    throw invalidUploadByteSize();
  }
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(byteSize / MAX_PARTS / MiB) * MiB);
  if (partSize > MAX_PART_BYTES) {
    throw tooLargeForMultipart(MAX_PARTS, MAX_PART_BYTES);
  }
  return { partSize, partCount: Math.max(1, Math.ceil(byteSize / partSize)) };
};

/** Byte offsets of part `partNumber` (1-based; end exclusive) under a plan. */
export const partBounds = (plan: Pick<PartPlan, 'partSize'>, byteSize: number, partNumber: number): { start: number; end: number } => {
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(byteSize, start + plan.partSize) };
};

/** The planned length of part `partNumber`: the part size, the remainder for the last part. */
export const partLength = (plan: Pick<PartPlan, 'partSize'>, byteSize: number, partNumber: number): number => {
  const { start, end } = partBounds(plan, byteSize, partNumber);
  return Math.max(0, end - start);
};
