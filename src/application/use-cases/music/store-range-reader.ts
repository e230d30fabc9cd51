import { Buffer } from 'node:buffer';
import type { RangeReader } from '../../ports/media-inspector.port.ts';
import type { ObjectStorage } from '../../ports/object-storage.port.ts';

/** The inspector reads headers and tails in small blocks; a larger request would be a bug, not a need. */
const MAX_READ_BYTES = 16 * 1024 * 1024;

/** Random access to a stored object through bounded ranged GETs, so a multi-GiB object is never read whole. */
export const storeRangeReader = (store: ObjectStorage, key: string, size: number): RangeReader & { bytesRead: () => number } => {
  let bytesRead = 0;
  return {
    size,
    bytesRead: () => bytesRead,
    async read(start, endInclusive) {
      if (endInclusive - start + 1 > MAX_READ_BYTES) throw new RangeError(`ranged read of ${endInclusive - start + 1} bytes refused`);
      const body = await store.getStream(key, { kind: 'bounded', start, end: endInclusive });
      const chunks: Buffer[] = [];
      for await (const chunk of body.stream) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      bytesRead += bytes.length;
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },
  };
};
