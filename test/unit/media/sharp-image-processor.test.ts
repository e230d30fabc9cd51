import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { isAppError } from '../../../src/domain/app-error.ts';
import { SharpImageProcessor } from '../../../src/adapters/media/sharp-image-processor.ts';
import { PRIVATE_MARKERS, containsAscii, exifHasGpsIfd, makeAnimatedGif, makeImage, makePrivateJpeg, pngDeclaring } from '../../support/image-fixtures.ts';

const processor = new SharpImageProcessor();
const maxPixels = 100_000_000;

async function refusal(input: Uint8Array, limit = maxPixels) {
  const error = await processor.derive(input, { maxPixels: limit }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('SharpImageProcessor.derive', () => {
  test('a sideways JPEG with GPS, EXIF, XMP and IPTC: derivatives are rotated and carry no metadata at all', async () => {
    const original = await makePrivateJpeg(600, 400, 6);
    const meta = await sharp(original).metadata();
    // The fixture really carries what must be stripped.
    expect(meta.orientation).toBe(6);
    expect(meta.exif && exifHasGpsIfd(meta.exif)).toBe(true);
    expect(meta.xmp).toBeDefined();
    expect(meta.iptc).toBeDefined();
    for (const marker of PRIVATE_MARKERS) expect(containsAscii(original, marker)).toBe(true);

    const derived = await processor.derive(original, { maxPixels });

    expect({ width: derived.width, height: derived.height }).toEqual({ width: 400, height: 600 });
    for (const image of [derived.display, derived.thumbnail]) {
      const m = await sharp(image.bytes).metadata();
      expect(m.format).toBe('webp');
      expect({ width: m.width, height: m.height }).toEqual({ width: image.width, height: image.height });
      expect(image.height).toBeGreaterThan(image.width);
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(m.iptc).toBeUndefined();
      expect(m.icc).toBeUndefined();
      expect(m.orientation).toBeUndefined();
      for (const marker of [...PRIVATE_MARKERS, 'Exif', 'EXIF', 'XMP ', 'ICCP', 'GPS']) {
        expect(containsAscii(image.bytes, marker), marker).toBe(false);
      }
    }
    expect({ w: derived.display.width, h: derived.display.height }).toEqual({ w: 400, h: 600 });
    expect({ w: derived.thumbnail.width, h: derived.thumbnail.height }).toEqual({ w: 320, h: 480 });
  });

  test('a 5000×3000 original: display 2048×1229, thumbnail 480×288', async () => {
    const derived = await processor.derive(await makeImage('jpeg', 5000, 3000), { maxPixels });
    expect([derived.width, derived.height]).toEqual([5000, 3000]);
    expect([derived.display.width, derived.display.height]).toEqual([2048, 1229]);
    expect([derived.thumbnail.width, derived.thumbnail.height]).toEqual([480, 288]);
  });

  test('a small original is never upscaled', async () => {
    const derived = await processor.derive(await makeImage('png', 300, 200), { maxPixels });
    expect([derived.display.width, derived.display.height]).toEqual([300, 200]);
    expect([derived.thumbnail.width, derived.thumbnail.height]).toEqual([300, 200]);
  });

  test.each(['png', 'webp', 'avif', 'gif'] as const)('derives WebP from %s', async (format) => {
    const derived = await processor.derive(await makeImage(format, 800, 600), { maxPixels });
    expect([derived.width, derived.height]).toEqual([800, 600]);
    expect((await sharp(derived.display.bytes).metadata()).format).toBe('webp');
    expect([derived.thumbnail.width, derived.thumbnail.height]).toEqual([480, 360]);
  });

  test('an animated GIF gives its first frame', async () => {
    const gif = await makeAnimatedGif(
      [
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
      ],
      40,
      30,
    );
    const derived = await processor.derive(gif, { maxPixels });
    expect([derived.width, derived.height]).toEqual([40, 30]);
    for (const image of [derived.display, derived.thumbnail]) {
      const m = await sharp(image.bytes).metadata();
      expect(m.pages ?? 1).toBe(1);
      const { data } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
      const [r, g, b] = data;
      expect(r).toBeGreaterThan(200);
      expect(g).toBeLessThan(40);
      expect(b).toBeLessThan(40);
    }
  });

  test('a PNG declaring 100000×100000 pixels is refused from its header', async () => {
    const error = await refusal(pngDeclaring(100_000, 100_000));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.detail).toMatch(/100000×100000 pixels, more than the 100000000 pixels allowed/);
  });

  test('a real image over maxPixels is refused', async () => {
    const error = await refusal(await makeImage('png', 2000, 1500), 1_000_000);
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.detail).toMatch(/more than the 1000000 pixels allowed/);
  });

  test('a truncated JPEG is refused without leaking the decoder message', async () => {
    const jpeg = await makeImage('jpeg', 640, 480);
    const error = await refusal(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.detail).not.toMatch(/vips|jpeg|sharp/i);
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('bytes that are no image are refused', async () => {
    const error = await refusal(new TextEncoder().encode('<html>not an image</html>'));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.detail).not.toMatch(/vips|sharp|unsupported image format/i);
  });
});
