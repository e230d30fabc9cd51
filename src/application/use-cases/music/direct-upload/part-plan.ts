import { invalidUploadByteSize, tooLargeForMultipart } from '../../../../domain/errors/music.errors.ts';
import { MULTIPART_LIMITS } from '../../../../domain/multipart-limits.ts';

const MiB = 1024 * 1024;
const { minPartBytes, maxParts, maxPartBytes } = MULTIPART_LIMITS;

export interface PartPlan {
  partSize: number;
  partCount: number;
}

/**
 * The smallest whole-MiB part size (at least the minimum part size) that fits `byteSize` in the part limit.
 * Small parts keep retries after a network drop cheap; whole MiBs keep the numbers readable. It is also the size
 * @uppy/aws-s3 picks by itself (max(5 MiB, size / 10,000)) for any file up to ~48 GiB, so its part
 * numbers never exceed the plan's.
 */
export const planParts = (byteSize: number): PartPlan => {
  if (!Number.isSafeInteger(byteSize) || byteSize < 1) {
    throw invalidUploadByteSize();
  }
  const partSize = Math.max(minPartBytes, Math.ceil(byteSize / maxParts / MiB) * MiB);
  if (partSize > maxPartBytes) {
    throw tooLargeForMultipart(maxParts, maxPartBytes);
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
