import { describe, expect, test } from 'vitest';
import { SNIFF_BYTES } from '../../../src/application/ports/media-inspector.port.ts';
import { FileTypeMediaInspector } from '../../../src/adapters/media/file-type-media-inspector.ts';
import { makeAiff, makeWav, readAudioFixture } from '../../support/audio-fixtures.ts';
import { makeAnimatedGif, makeImage, toApng } from '../../support/image-fixtures.ts';

const inspector = new FileTypeMediaInspector();
const text = (s: string) => new TextEncoder().encode(s);
const head = (bytes: Uint8Array) => bytes.subarray(0, SNIFF_BYTES);

/** A zip holding one stored file, as any zip tool writes it. */
function zip(): Uint8Array {
  const name = text('notes.txt');
  const data = text('hello');
  const out = new Uint8Array(30 + name.length + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint32(18, data.length, true);
  v.setUint32(22, data.length, true);
  v.setUint16(26, name.length, true);
  out.set(name, 30);
  out.set(data, 30 + name.length);
  return out;
}

const notMedia: Array<[string, () => Promise<Uint8Array> | Uint8Array]> = [
  ['plain text', () => text('just some text, nothing to see here\n'.repeat(20))],
  ['a PDF', () => text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')],
  ['a zip', zip],
  ['an HTML page (say, renamed photo.jpg)', () => text('<!DOCTYPE html><html><body><p>photo.jpg</p></body></html>')],
  ['an SVG', () => text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>')],
  ['an MP4 video', () => readAudioFixture('video.mp4')],
  ['empty bytes', () => new Uint8Array(0)],
];

describe('sniffImage', () => {
  test.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['png', 'image/png', 'png'],
    ['webp', 'image/webp', 'webp'],
    ['avif', 'image/avif', 'avif'],
  ] as const)('accepts %s by its bytes', async (format, mime, ext) => {
    const bytes = await makeImage(format, 64, 48);
    expect(await inspector.sniffImage(head(bytes))).toEqual({ mime, ext });
  });

  test('accepts an animated GIF', async () => {
    const gif = await makeAnimatedGif(
      [
        [255, 0, 0],
        [0, 255, 0],
      ],
      16,
      16,
    );
    expect(await inspector.sniffImage(head(gif))).toEqual({ mime: 'image/gif', ext: 'gif' });
  });

  test('accepts an animated PNG as a PNG', async () => {
    const apng = toApng(await makeImage('png', 16, 16));
    expect(await inspector.sniffImage(head(apng))).toEqual({ mime: 'image/png', ext: 'png' });
  });

  test('refuses an image format the service does not accept (TIFF)', async () => {
    expect(await inspector.sniffImage(head(await makeImage('tiff', 16, 16)))).toBeNull();
  });

  test.each(notMedia)('refuses %s', async (_name, make) => {
    expect(await inspector.sniffImage(head(await make()))).toBeNull();
  });

  test('refuses audio', async () => {
    expect(await inspector.sniffImage(head(await readAudioFixture('sine-cbr.mp3')))).toBeNull();
    expect(await inspector.sniffImage(head(makeWav({ seconds: 0.1, sampleRate: 8000, channels: 1 })))).toBeNull();
  });
});

describe('sniffAudio', () => {
  test.each([
    ['sine-cbr.mp3', 'audio/mpeg', 'mp3'],
    ['sine-untagged.mp3', 'audio/mpeg', 'mp3'],
    ['sine-vbr-xing.mp3', 'audio/mpeg', 'mp3'],
    ['sine.flac', 'audio/flac', 'flac'],
    ['sine.m4a', 'audio/mp4', 'm4a'],
    ['sine.aac', 'audio/aac', 'aac'],
    ['sine.ogg', 'audio/ogg', 'ogg'],
    ['sine.opus', 'audio/ogg', 'opus'],
  ])('accepts %s as %s', async (file, mime, ext) => {
    expect(await inspector.sniffAudio(head(await readAudioFixture(file)))).toEqual({ mime, ext });
  });

  test('accepts WAV and AIFF', async () => {
    const pcm = { seconds: 0.5, sampleRate: 8000, channels: 2 };
    expect(await inspector.sniffAudio(head(makeWav(pcm)))).toEqual({ mime: 'audio/wav', ext: 'wav' });
    expect(await inspector.sniffAudio(head(makeAiff(pcm)))).toEqual({ mime: 'audio/aiff', ext: 'aif' });
  });

  test('decides from the first SNIFF_BYTES alone', async () => {
    const mp3 = await readAudioFixture('sine-cbr.mp3');
    expect(mp3.length).toBeGreaterThan(SNIFF_BYTES);
    expect(await inspector.sniffAudio(mp3.subarray(0, SNIFF_BYTES))).toEqual({ mime: 'audio/mpeg', ext: 'mp3' });
  });

  test('refuses Ogg streams that are neither Vorbis nor Opus (Ogg FLAC)', async () => {
    expect(await inspector.sniffAudio(head(await readAudioFixture('sine-flac.oga')))).toBeNull();
  });

  test.each(notMedia)('refuses %s', async (_name, make) => {
    expect(await inspector.sniffAudio(head(await make()))).toBeNull();
  });

  test('refuses images', async () => {
    expect(await inspector.sniffAudio(head(await makeImage('png', 16, 16)))).toBeNull();
    expect(await inspector.sniffAudio(head(await makeImage('avif', 16, 16)))).toBeNull();
  });
});
