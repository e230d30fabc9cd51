const MiB = 1024 * 1024;

/**
 * S3's multipart limits, which every store here honours (the fs and memory stores copy them so that an upload
 * that works against them works against S3): the single definition the planner, the request schemas and the
 * stores read.
 */
export const MULTIPART_LIMITS = Object.freeze({
  /** Every part but the last must be at least this long. */
  minPartBytes: 5 * MiB,
  /** No part may be longer. */
  maxPartBytes: 5 * 1024 * MiB,
  /** Part numbers run from 1 to this. */
  maxParts: 10_000,
});
