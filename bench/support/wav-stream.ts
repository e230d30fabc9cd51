import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/** A 44-byte RIFF/WAVE header for 16-bit stereo 44.1 kHz PCM whose data fills the rest of `totalBytes`. */
export const wavHeader = (totalBytes: number): Buffer => {
  const dataBytes = totalBytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(Math.min(0xffffffff, totalBytes - 8), 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(44_100, 24);
  header.writeUInt32LE(44_100 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
  return header;
};

/** One MiB of a 440 Hz tone, made once and reused read-only: generating the bytes must cost nothing measurable. */
const pcmChunk = (() => {
  let chunk: Buffer | undefined;
  return (): Buffer => {
    if (chunk) return chunk;
    chunk = Buffer.alloc(CHUNK);
    for (let i = 0; i < CHUNK / 4; i++) {
      const sample = Math.round(Math.sin((2 * Math.PI * 440 * i) / 44_100) * 12_000);
      chunk.writeInt16LE(sample, i * 4);
      chunk.writeInt16LE(sample, i * 4 + 2);
    }
    return chunk;
  };
})();

/** The chunks of a WAV file of exactly `totalBytes` (at least 44), produced lazily. */
export function* wavChunks(totalBytes: number): Generator<Buffer> {
  yield wavHeader(totalBytes);
  let left = totalBytes - 44;
  const chunk = pcmChunk();
  while (left > 0) {
    const n = Math.min(left, CHUNK);
    yield n === CHUNK ? chunk : chunk.subarray(0, n);
    left -= n;
  }
}

/** A WAV file of `totalBytes` as a stream with back-pressure: never held in memory whole. */
export const wavStream = (totalBytes: number): Readable => Readable.from(wavChunks(totalBytes), { objectMode: false });
