/**
 * The duration of an Ogg Vorbis/Opus file is the granule position of its last page, which
 * music-metadata only finds by walking every page. With random access we read the tail instead.
 */

/** Larger than the largest possible Ogg page (27 + 255 + 255 × 255 bytes), so the tail holds a whole page. */
export const OGG_TAIL_BYTES = 128 * 1024;

const CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const HEADER_LENGTH = 27;
let crcTable: Uint32Array | undefined;

/**
 * @param head the first bytes of the file (its first page carries the serial number and codec header)
 * @param tail the last `OGG_TAIL_BYTES` (or fewer) bytes of the file
 * @returns seconds, or null when no intact final page of the first stream is found
 */
export function oggDurationFromTail(head: Uint8Array, tail: Uint8Array, sampleRate: number | undefined): number | null {
  if (!startsWithCapture(head, 0) || head.length < HEADER_LENGTH + 1) return null;
  const serial = u32(head, 14);
  const granule = lastGranule(tail, serial);
  if (granule === null) return null;
  const opusPreSkip = opusPreSkipOf(head);
  if (opusPreSkip !== null) return Math.max(0, Number(granule) - opusPreSkip) / 48_000;
  return sampleRate ? Number(granule) / sampleRate : null;
}

function lastGranule(tail: Uint8Array, serial: number): bigint | null {
  for (let at = tail.length - HEADER_LENGTH; at >= 0; at--) {
    if (!startsWithCapture(tail, at) || tail[at + 4] !== 0 || u32(tail, at + 14) !== serial) continue;
    const granule = new DataView(tail.buffer, tail.byteOffset + at + 6, 8).getBigInt64(0, true);
    if (granule < 0n) continue;
    const pageLength = pageLengthAt(tail, at);
    if (pageLength === null || at + pageLength > tail.length) continue;
    if (crcOf(tail.subarray(at, at + pageLength)) === u32(tail, at + 22)) return granule;
  }
  return null;
}

function pageLengthAt(bytes: Uint8Array, at: number): number | null {
  const segments = bytes[at + 26];
  if (segments === undefined || at + HEADER_LENGTH + segments > bytes.length) return null;
  let body = 0;
  for (let i = 0; i < segments; i++) body += bytes[at + HEADER_LENGTH + i] ?? 0;
  return HEADER_LENGTH + segments + body;
}

function opusPreSkipOf(head: Uint8Array): number | null {
  const body = HEADER_LENGTH + (head[26] ?? 0);
  const magic = new TextDecoder('latin1').decode(head.subarray(body, body + 8));
  if (magic !== 'OpusHead' || head.length < body + 12) return null;
  return (head[body + 10] ?? 0) | ((head[body + 11] ?? 0) << 8);
}

/** CRC-32 of Ogg: polynomial 0x04c11db7, no reflection, computed with the checksum field zeroed. */
function crcOf(page: Uint8Array): number {
  const table = (crcTable ??= buildCrcTable());
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const byte = i >= 22 && i < 26 ? 0 : (page[i] ?? 0);
    crc = ((crc << 8) ^ (table[((crc >>> 24) ^ byte) & 0xff] ?? 0)) >>> 0;
  }
  return crc;
}

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
}

function startsWithCapture(bytes: Uint8Array, at: number): boolean {
  return CAPTURE.every((b, i) => bytes[at + i] === b);
}

function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}
