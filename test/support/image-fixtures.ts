import sharp from 'sharp';
import { concat } from './audio-fixtures.ts';

/** Strings planted in every metadata block of `makePrivateJpeg`; none may survive in a derivative. */
export const PRIVATE_MARKERS = ['SECRET-ARTIST', 'SECRET-DATUM', 'SECRET-XMP', 'SECRET-IPTC'] as const;

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SECRET-XMP</dc:creator></rdf:Description>
</rdf:RDF></x:xmpmeta>`;

export type FixtureFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff';

export function makeImage(format: FixtureFormat, width: number, height: number): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } });
  return image.toFormat(format).toBuffer().then(bytes);
}

/** A GIF whose frames are solid colours, in order. */
export function makeAnimatedGif(colours: Array<[number, number, number]>, width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * colours.length * 3);
  colours.forEach((colour, frame) => {
    for (let i = 0; i < width * height; i++) raw.set(colour, (frame * width * height + i) * 3);
  });
  const input = sharp(raw, { raw: { width, height: height * colours.length, channels: 3, pageHeight: height } });
  return input.gif({ delay: 100 }).toBuffer().then(bytes);
}

/**
 * A JPEG stored sideways (EXIF orientation `orientation`, stored `width`×`height`) carrying EXIF IFD0,
 * a GPS IFD (coordinates and a marker), XMP and an IPTC (Photoshop APP13) record.
 */
export async function makePrivateJpeg(width: number, height: number, orientation: number): Promise<Uint8Array> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withExif({
      IFD0: { Make: 'TestCam', Artist: 'SECRET-ARTIST' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 300/100',
        GPSMapDatum: 'SECRET-DATUM',
      },
    })
    .withMetadata({ orientation })
    .withXmp(XMP)
    .jpeg({ quality: 90 })
    .toBuffer();
  return insertAfterSoi(bytes(jpeg), iptcSegment('SECRET-IPTC'));
}

/** Whether a TIFF/EXIF blob (as `sharp().metadata().exif` returns it) has a GPS IFD pointer in IFD0. */
export function exifHasGpsIfd(exif: Uint8Array): boolean {
  const tiff = latin1(exif.subarray(0, 6)) === 'Exif\0\0' ? exif.subarray(6) : exif;
  const v = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = latin1(tiff.subarray(0, 2)) === 'II';
  const ifd0 = v.getUint32(4, little);
  const count = v.getUint16(ifd0, little);
  for (let i = 0; i < count; i++) {
    if (v.getUint16(ifd0 + 2 + i * 12, little) === 0x8825) return true;
  }
  return false;
}

export function containsAscii(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(needle, 0, 'latin1');
}

/** A PNG whose header declares `width`×`height` over a few bytes of data: a decompression bomb's shape. */
export function pngDeclaring(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
  return concat(signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0)));
}

/** Turns a PNG into an APNG by inserting an `acTL` chunk right after IHDR (8 + 25 bytes in). */
export function toApng(png: Uint8Array): Uint8Array {
  const actl = new Uint8Array(8);
  new DataView(actl.buffer).setUint32(0, 1);
  return concat(png.subarray(0, 33), pngChunk('acTL', actl), png.subarray(33));
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(new TextEncoder().encode(type), data);
  const out = new Uint8Array(8 + data.length + 4);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(body, 4);
  v.setUint32(8 + data.length, crc32(body));
  return out;
}

function iptcSegment(byline: string): Uint8Array {
  const text = new TextEncoder().encode(byline);
  const record = concat(new Uint8Array([0x1c, 2, 80, text.length >> 8, text.length & 0xff]), text);
  const padded = concat(record, new Uint8Array(record.length % 2));
  const resource = new Uint8Array(12);
  resource.set(new TextEncoder().encode('8BIM'), 0);
  new DataView(resource.buffer).setUint16(4, 0x0404);
  new DataView(resource.buffer).setUint32(8, record.length);
  const payload = concat(new TextEncoder().encode('Photoshop 3.0\0'), resource, padded);
  const header = new Uint8Array([0xff, 0xed, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return concat(header, payload);
}

function insertAfterSoi(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  return concat(jpeg.subarray(0, 2), segment, jpeg.subarray(2));
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function latin1(data: Uint8Array): string {
  return String.fromCharCode(...data);
}

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
