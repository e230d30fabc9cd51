import type { RangeReader } from '../../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../../ports/object-storage.port.ts';

/** The inspector reads headers and tails in small blocks; a larger request would be a bug, not a need. */
const MAX_READ_BYTES = 16 * 1024 * 1024;

/** A plain Uint8Array (never a Buffer, whose `slice` shares memory): what the parser is given either way. */
const concat = (chunks: Uint8Array[], length: number): Uint8Array => {
  if (chunks.length === 1) return new Uint8Array(chunks[0]!.buffer, chunks[0]!.byteOffset, length);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
};

/** Random access to a stored object through bounded ranged GETs, so a multi-GiB object is never read whole. */
export const storeRangeReader = (storage: Pick<ObjectStorage, 'getStream'>, key: string, size: number): RangeReader & { bytesRead: () => number } => {
  let bytesRead = 0;
  return {
    size,
    bytesRead: () => bytesRead,
    async read(start, endInclusive) {
      if (endInclusive - start + 1 > MAX_READ_BYTES) throw new RangeError(`ranged read of ${endInclusive - start + 1} bytes refused`);
      const body = await storage.getStream(key, { kind: 'bounded', start, end: endInclusive });
      const chunks: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of body.stream) {
        chunks.push(chunk as Uint8Array);
        length += (chunk as Uint8Array).length;
      }
      bytesRead += length;
      return concat(chunks, length);
    },
  };
};
