import type { SniffedAudio, SniffedImage } from '../../application/ports/media-inspector.port.ts';

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
 * MP4 counts only with an audio brand (M4A/M4B/F4A/F4B): a generic `isom`/`mp42` file is video/mp4 for
 * file-type and is refused, since the head alone cannot prove it has no picture. Ogg counts only with
 * Vorbis or Opus as its first stream (Ogg FLAC, Speex and Theora are refused). MPEG layers 1/2 are refused.
 * Ogg Opus is served as `audio/ogg` (RFC 7845), which browsers play; `ext` tells it apart.
 */
export const ACCEPTED_AUDIO: ReadonlyMap<string, SniffedAudio> = new Map([
  ['mp3', { mime: 'audio/mpeg', ext: 'mp3' }],
  ['flac', { mime: 'audio/flac', ext: 'flac' }],
  ['wav', { mime: 'audio/wav', ext: 'wav' }],
  ['aif', { mime: 'audio/aiff', ext: 'aif' }],
  ['m4a', { mime: 'audio/mp4', ext: 'm4a' }],
  ['m4b', { mime: 'audio/mp4', ext: 'm4b' }],
  ['f4a', { mime: 'audio/mp4', ext: 'm4a' }],
  ['f4b', { mime: 'audio/mp4', ext: 'm4b' }],
  ['aac', { mime: 'audio/aac', ext: 'aac' }],
  ['ogg', { mime: 'audio/ogg', ext: 'ogg' }],
  ['opus', { mime: 'audio/ogg', ext: 'opus' }],
]);
