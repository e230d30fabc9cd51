import type { Readable } from 'node:stream';
import { Buffer } from 'node:buffer';
import { AppError, isAppError } from '../../domain/app-error.ts';

export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large'; seen: number };

/**
 * Reads a stream into memory, but never more than `maxBytes`: once the limit is crossed the chunks
 * read so far are dropped and the rest of the stream is drained (so a multipart parser can go on to the
 * next part) without being kept.
 */
export const readBounded = async (stream: Readable, maxBytes: number): Promise<BoundedRead> => {
  const chunks: Buffer[] = [];
  let seen = 0;
  let over = false;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      seen += buf.length;
      if (over) continue;
      if (seen > maxBytes) {
        over = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(buf);
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('VALIDATION_FAILED', 'upload body interrupted', {
      detail: 'The upload ended early or was malformed.',
      cause: error,
    });
  }
  const truncated = (stream as Readable & { truncated?: boolean }).truncated === true;
  if (over || truncated) return { ok: false, reason: 'too-large', seen };
  return { ok: true, bytes: Buffer.concat(chunks, seen) };
};
