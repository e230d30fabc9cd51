import type { Readable } from 'node:stream';
import type { AudioMime } from '../../domain/audio-formats.ts';

/**
 * How many leading bytes sniffing looks at (file-type's detection window). Fewer still works for most
 * formats, but callers should buffer this much of an upload before deciding.
 */
export const SNIFF_BYTES = 4100;

export type AcceptedImageMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif';

/** Canonical content types of accepted audio: what the store serves back to players. */
export type AcceptedAudioMime = AudioMime;

export interface SniffedImage {
  mime: AcceptedImageMime;
  /** Without a dot: jpg, png, webp, avif, gif. */
  ext: string;
}

export interface SniffedAudio {
  mime: AcceptedAudioMime;
  /** Without a dot: mp3, flac, wav, aif, m4a, aac, ogg, opus. */
  ext: string;
}

/** Random access to an object too large to hold in memory (e.g. a store object read with HTTP ranges). */
export interface RangeReader {
  size: number;
  /** Bytes `start..endInclusive` (HTTP range semantics); both within `0..size-1`. */
  read(start: number, endInclusive: number): Promise<Uint8Array>;
}

export interface AudioInfo {
  durationMs: number | null;
  title: string | null;
  artist: string | null;
  /** Human-readable codec as the parser names it, e.g. `MPEG 1 Layer 3`, `FLAC`, `Opus`. */
  codec: string | null;
}

export interface AudioInfoOptions {
  /** The sniffed type: picks the parser without guessing again. */
  mime: string;
  /** Total size when known; for a stream it lets CBR MP3 durations be computed without counting frames. */
  byteSize?: number;
}

/**
 * Decides what uploaded bytes are, from the bytes alone (never a declared type or a file name),
 * and reads what the service shows about audio.
 */
export interface MediaInspector {
  /** `null`: not one of the accepted image formats. */
  sniffImage(head: Uint8Array): Promise<SniffedImage | null>;
  /** `null`: not one of the accepted audio formats (video containers are refused). */
  sniffAudio(head: Uint8Array): Promise<SniffedAudio | null>;
  /**
   * From a stream: parses while the bytes flow by and always consumes the stream to its end, so a stream
   * teed off an upload never stalls it. From a `RangeReader`: reads only headers and tails (a few blocks),
   * never the whole object, whatever its size.
   * Throws INVALID_AUDIO (`invalidAudio`) when no audio can be found in the bytes; an error the source
   * stream was destroyed with is rethrown as is.
   */
  readAudioInfo(source: Readable | RangeReader, options: AudioInfoOptions): Promise<AudioInfo>;
}
