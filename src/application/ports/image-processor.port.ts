import { AppError } from '../../domain/app-error.ts';

/** Longest side of the derived images, in pixels. */
export const THUMBNAIL_MAX_SIDE = 480;
export const DISPLAY_MAX_SIDE = 2048;

/** A sensible `maxPixels` (100 MP, a 10000×10000 image) when configuration sets none. */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

export interface DerivedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface DerivedImages {
  /** Of the original once auto-rotated by its EXIF orientation. */
  width: number;
  height: number;
  /** WebP, longest side at most 480, never upscaled. */
  thumbnail: DerivedImage;
  /** WebP, longest side at most 2048, never upscaled. */
  display: DerivedImage;
}

export interface DeriveOptions {
  /** Images with more pixels (width × height, first frame) are refused before they are decoded. */
  maxPixels: number;
}

/**
 * Turns an accepted original into the two images members see: auto-rotated, sRGB, first frame only,
 * with every metadata block (EXIF, GPS, XMP, IPTC, ICC) stripped.
 * Throws `InvalidImage` for corrupt or truncated data and for decompression bombs.
 */
export interface ImageProcessor {
  derive(input: Uint8Array, options: DeriveOptions): Promise<DerivedImages>;
}

export class InvalidImage extends AppError {
  constructor(detail: string, cause?: unknown) {
    super('INVALID_IMAGE', 'invalid image', { detail, cause });
    this.name = 'InvalidImage';
  }
}
