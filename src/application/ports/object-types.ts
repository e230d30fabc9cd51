import type { Readable } from 'node:stream';

// Values the object ports exchange: plain data, no SDK type crosses them.
/**
 * A byte range as HTTP expresses it: `bytes=a-b` (bounded), `bytes=a-` (open), `bytes=-n` (suffix).
 * Offsets are inclusive, as in HTTP.
 */
export type ByteRange = { kind: 'bounded'; start: number; end: number } | { kind: 'open'; start: number } | { kind: 'suffix'; length: number };

export interface ObjectInfo {
  key: string;
  byteSize: number;
  contentType: string;
  /** Quoted, as S3 returns it. */
  etag: string;
  lastModified: Date;
}

export interface ObjectBody {
  info: ObjectInfo;
  /** The bytes actually returned: the whole object, or the satisfied range (inclusive). */
  range: { start: number; end: number } | null;
  stream: Readable;
}

export interface PutOptions {
  contentType: string;
  /** When known, lets the adapter pick a single PUT or check the length. */
  byteSize?: number;
}

export interface PresignGetOptions {
  ttlSeconds: number;
  /** Sent back as `Content-Disposition` by the store when the URL is used. */
  disposition?: string;
  /** Sent back as `Content-Type` by the store when the URL is used. */
  contentType?: string;
}

export interface PresignedUrl {
  url: string;
  expiresAt: Date;
}

export interface ListedObject {
  key: string;
  byteSize: number;
  lastModified: Date;
}

export interface ListPage {
  items: ListedObject[];
  nextCursor: string | null;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

/**
 * What the upload was planned as: every part but the last exactly `partSize` bytes, together `byteSize`.
 * A store assembles nothing outside it, so an object that would be refused afterwards is never written.
 */
export interface MultipartBounds {
  byteSize: number;
  partSize: number;
}

export interface MultipartUploadInfo {
  key: string;
  uploadId: string;
  initiated: Date;
}
