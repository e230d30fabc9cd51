import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { parseFromTokenizer, parseStream, type IAudioMetadata } from 'music-metadata';
import type { AppError } from '../../domain/app-error.ts';
import { invalidAudio } from '../../domain/errors/music.errors.ts';
import {
  SNIFF_BYTES,
  type AudioInfo,
  type AudioInfoOptions,
  type MediaInspector,
  type RangeReader,
  type SniffedAudio,
  type SniffedImage,
} from '../../application/ports/media-inspector.port.ts';
import { ACCEPTED_AUDIO, ACCEPTED_IMAGES } from './accepted-types.ts';
import { OGG_TAIL_BYTES, oggDurationFromTail } from './ogg-duration.ts';
import { RangeTokenizer } from './range-tokenizer.ts';

/**
 * Over ranges, a VBR MP3 without a Xing/VBRI header or a raw ADTS AAC file has no duration anywhere but
 * in its frames. Up to this size the frames are counted (a few hundred block reads); above it the
 * duration is reported unknown rather than reading a huge object. A stream always counts them, since
 * its bytes flow by anyway; CBR and Xing MP3s stop after four frames either way.
 */
export const RANGED_FRAME_SCAN_LIMIT = 64 * 1024 * 1024;

const FRAME_COUNTED = new Set(['audio/mpeg', 'audio/aac']);

export class FileTypeMediaInspector implements MediaInspector {
  async sniffImage(head: Uint8Array): Promise<SniffedImage | null> {
    const detected = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
    return (detected && ACCEPTED_IMAGES.get(detected.ext)) ?? null;
  }

  async sniffAudio(head: Uint8Array): Promise<SniffedAudio | null> {
    const detected = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
    return (detected && ACCEPTED_AUDIO.get(detected.ext)) ?? null;
  }

  readAudioInfo(source: Readable | RangeReader, options: AudioInfoOptions): Promise<AudioInfo> {
    return source instanceof Readable ? this.fromStream(source, options) : this.fromRanges(source, options);
  }

  private async fromStream(source: Readable, { mime, byteSize }: AudioInfoOptions): Promise<AudioInfo> {
    // strtok3 asks for n bytes and gets whole chunks from an object-mode stream: it would misparse.
    if (source.readableObjectMode) throw new TypeError('readAudioInfo needs a byte stream, not an object-mode stream');
    let metadata: IAudioMetadata | undefined;
    let failure: unknown;
    try {
      const fileInfo = byteSize === undefined ? { mimeType: mime } : { mimeType: mime, size: byteSize };
      metadata = await parseStream(source, fileInfo, { duration: true, skipCovers: true });
    } catch (error) {
      failure = error;
    }
    // The parser stops once it knows enough; whatever follows must still flow to the other side of a tee.
    if (!source.destroyed && !source.readableEnded) {
      source.resume();
      await finished(source);
    }
    if (source.errored) throw source.errored;
    if (!metadata) throw unreadable(failure);
    return toAudioInfo(metadata);
  }

  private async fromRanges(reader: RangeReader, { mime }: AudioInfoOptions): Promise<AudioInfo> {
    if (reader.size === 0) throw invalidAudio('The audio file is empty.');
    const tokenizer = new RangeTokenizer(reader, mime);
    try {
      const countFrames = FRAME_COUNTED.has(mime) && reader.size <= RANGED_FRAME_SCAN_LIMIT;
      let metadata: IAudioMetadata;
      try {
        metadata = await parseFromTokenizer(tokenizer, { duration: countFrames, skipCovers: true });
      } catch (error) {
        if (tokenizer.readFailure !== undefined) throw tokenizer.readFailure;
        throw unreadable(error);
      }
      const info = toAudioInfo(metadata);
      if (info.durationMs === null && mime === 'audio/ogg') {
        const seconds = await oggDurationOverRanges(tokenizer, reader.size, metadata.format.sampleRate);
        return { ...info, durationMs: seconds === null ? null : Math.round(seconds * 1000) };
      }
      return info;
    } finally {
      await tokenizer.close();
    }
  }
}

async function oggDurationOverRanges(tokenizer: RangeTokenizer, size: number, sampleRate: number | undefined) {
  const head = new Uint8Array(Math.min(size, SNIFF_BYTES));
  await tokenizer.peekBuffer(head, { position: 0 });
  const tail = new Uint8Array(Math.min(size, OGG_TAIL_BYTES));
  await tokenizer.peekBuffer(tail, { position: size - tail.length });
  return oggDurationFromTail(head, tail, sampleRate);
}

function toAudioInfo({ format, common }: IAudioMetadata): AudioInfo {
  if (format.hasVideo) throw invalidAudio('The file contains video; only audio files are accepted.');
  const duration = format.duration;
  const hasDuration = duration !== undefined && Number.isFinite(duration) && duration >= 0;
  if (!format.sampleRate && !hasDuration) {
    throw invalidAudio('No audio stream was found in the file.');
  }
  return {
    durationMs: hasDuration ? Math.round(duration * 1000) : null,
    title: text(common.title),
    artist: text(common.artist),
    codec: text(format.codec),
  };
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function unreadable(cause: unknown): AppError {
  return invalidAudio('The audio file could not be read: it is corrupt, truncated or not audio.', cause);
}
