import { isAppError } from '../../domain/app-error.ts';
import { uploadInterrupted } from '../../domain/errors/common.errors.ts';

export type BoundedRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large'; seen: number };

/**
 * Reads a stream into memory, but never more than `maxBytes`: once the limit is crossed the chunks
 * read so far are dropped and the rest of the stream is drained (so a multipart parser can go on to the
 * next part) without being kept. A transport that cuts long files short must hand over more than
 * `maxBytes` of them (the multipart adapter does: it stops one byte past its limit), so the count alone
 * tells a file that is too large.
 */
export const readBounded = async (stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<BoundedRead> => {
  const chunks: Uint8Array[] = [];
  let seen = 0;
  let over = false;
  try {
    for await (const chunk of stream) {
      seen += chunk.length;
      if (over) continue;
      if (seen > maxBytes) {
        over = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw uploadInterrupted(error);
  }
  if (over) return { ok: false, reason: 'too-large', seen };
  const bytes = new Uint8Array(seen);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes };
};
