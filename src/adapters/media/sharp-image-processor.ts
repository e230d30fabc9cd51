import sharp, { type Metadata, type OutputInfo } from 'sharp';
import {
  DISPLAY_MAX_SIDE,
  THUMBNAIL_MAX_SIDE,
  type DeriveOptions,
  type DerivedImage,
  type DerivedImages,
  type ImageProcessor,
} from '../../application/ports/image-processor.port.ts';
import { invalidImage } from '../../domain/errors/images.errors.ts';

const THUMBNAIL_QUALITY = 80;
const DISPLAY_QUALITY = 85;

type RawImage = { data: Buffer; info: OutputInfo };

/**
 * The original is decoded once (JPEG shrink-on-load keeps that cheap), resized to the display size
 * as raw sRGB pixels, and both WebPs are encoded from those pixels. sharp writes no metadata unless
 * asked to (no `keep*`/`with*` call here), which is what strips EXIF/GPS/XMP/IPTC/ICC.
 */
export class SharpImageProcessor implements ImageProcessor {
  async derive(input: Uint8Array, { maxPixels }: DeriveOptions): Promise<DerivedImages> {
    const { width, height } = await this.checkedDimensions(input, maxPixels);
    const display = await this.decodeDisplay(input, maxPixels);
    const [displayWebp, thumbnailWebp] = await Promise.all([
      this.encode(display, DISPLAY_MAX_SIDE, DISPLAY_QUALITY),
      this.encode(display, THUMBNAIL_MAX_SIDE, THUMBNAIL_QUALITY),
    ]);
    return { width, height, display: displayWebp, thumbnail: thumbnailWebp };
  }

  /** Reads only the header, so a bomb is refused before a single pixel is allocated. */
  private async checkedDimensions(input: Uint8Array, maxPixels: number): Promise<{ width: number; height: number }> {
    let metadata: Metadata;
    try {
      metadata = await sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata();
    } catch (error) {
      throw invalidImage('The image could not be read: it is corrupt or not a supported image.', error);
    }
    const { width, height } = metadata.autoOrient;
    if (!(width > 0 && height > 0)) {
      throw invalidImage('The image has no dimensions.');
    }
    if (width * height > maxPixels) {
      throw invalidImage(`The image is ${width}×${height} pixels, more than the ${maxPixels} pixels allowed.`);
    }
    return { width, height };
  }

  private async decodeDisplay(input: Uint8Array, maxPixels: number): Promise<RawImage> {
    try {
      return await sharp(input, { limitInputPixels: maxPixels, failOn: 'error', autoOrient: true })
        .resize({ width: DISPLAY_MAX_SIDE, height: DISPLAY_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      const bomb = error instanceof Error && /pixel limit/i.test(error.message);
      throw invalidImage(
        bomb ? `The image has more than the ${maxPixels} pixels allowed.` : 'The image could not be decoded: it is corrupt or truncated.',
        error,
      );
    }
  }

  private async encode({ data, info }: RawImage, maxSide: number, quality: number): Promise<DerivedImage> {
    const raw = { width: info.width, height: info.height, channels: info.channels };
    const out = await sharp(data, { raw })
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .webp({ quality, effort: 4, smartSubsample: true })
      .toBuffer({ resolveWithObject: true });
    const bytes = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
    return { bytes, width: out.info.width, height: out.info.height };
  }
}
