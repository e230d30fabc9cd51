import type { SniffedAudio, SniffedImage } from '../../application/ports/media-inspector.port.ts';
import { audioFormatOfExtension } from '../../domain/audio-formats.ts';

/**
 * file-type's detections (keyed by its `ext`) that the service accepts, mapped to the canonical type
 * it stores and serves. Keyed by extension because file-type's MIME types vary within a family
 * (`audio/x-m4a` vs `audio/mp4`, `audio/ogg; codecs=opus`). Anything absent is refused.
 */
export const ACCEPTED_IMAGES: ReadonlyMap<string, SniffedImage> = new Map([
  ['jpg', { mime: 'image/jpeg', ext: 'jpg' }],
  ['png', { mime: 'image/png', ext: 'png' }],
  // An animated PNG is a PNG whose first frame every decoder shows.
  ['apng', { mime: 'image/png', ext: 'png' }],
  ['webp', { mime: 'image/webp', ext: 'webp' }],
  ['avif', { mime: 'image/avif', ext: 'avif' }],
  ['gif', { mime: 'image/gif', ext: 'gif' }],
]);

/**
 * file-type's audio detections the service accepts, each with the extension the track keeps; the canonical
 * type comes from the domain's format table. MP4 counts only with an audio brand (M4A/M4B/F4A/F4B): a generic
 * `isom`/`mp42` file is video/mp4 for file-type and is refused, since the head alone cannot prove it has no
 * picture. Ogg counts only with Vorbis or Opus as its first stream: file-type calls Ogg FLAC `oga`, and it,
 * Speex and Theora are refused. MPEG layers 1/2 are refused. `ext` tells Ogg Opus from Ogg Vorbis.
 */
const ACCEPTED_AUDIO_DETECTIONS: ReadonlyArray<readonly [detected: string, ext: string]> = [
  ['mp3', 'mp3'],
  ['flac', 'flac'],
  ['wav', 'wav'],
  ['aif', 'aif'],
  ['m4a', 'm4a'],
  ['m4b', 'm4b'],
  ['f4a', 'm4a'],
  ['f4b', 'm4b'],
  ['aac', 'aac'],
  ['ogg', 'ogg'],
  ['opus', 'opus'],
];

export const ACCEPTED_AUDIO: ReadonlyMap<string, SniffedAudio> = new Map(
  ACCEPTED_AUDIO_DETECTIONS.map(([detected, ext]) => {
    const format = audioFormatOfExtension(ext);
    if (format === null) throw new TypeError(`no audio format has the extension ${ext}`);
    return [detected, { mime: format.mime, ext }] as const;
  }),
);
