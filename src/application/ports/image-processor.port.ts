/** Longest side of the derived images, in pixels. */
export const THUMBNAIL_MAX_SIDE = 480;
export const DISPLAY_MAX_SIDE = 2048;

/** Images beyond this many pixels (100 MP, a 10000×10000 image) are refused before decoding: decompression bombs. */
export const MAX_IMAGE_PIXELS = 100_000_000;

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
 * Throws `invalidImage` (INVALID_IMAGE) for corrupt or truncated data and for decompression bombs.
 */
export interface ImageProcessor {
  derive(input: Uint8Array, options: DeriveOptions): Promise<DerivedImages>;
}
