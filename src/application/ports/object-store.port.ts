import type { Readable } from 'node:stream';

/**
 * A byte range as HTTP expresses it: `bytes=a-b` (bounded), `bytes=a-` (open), `bytes=-n` (suffix).
 * Offsets are inclusive, as in HTTP.
 */
export type ByteRange =
  | { kind: 'bounded'; start: number; end: number }
  | { kind: 'open'; start: number }
  | { kind: 'suffix'; length: number };

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

/**
 * Where the service keeps bytes. Errors are ours (`ObjectNotFound`, `StoreUnavailable`,
 * `RangeNotSatisfiable`, `InvalidObjectKey`), never SDK types.
 */
export interface ObjectStore {
  put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<{ etag: string; byteSize: number }>;
  head(key: string): Promise<ObjectInfo>;
  getStream(key: string, range?: ByteRange): Promise<ObjectBody>;
  /** Idempotent: keys that do not exist are ignored. */
  delete(keys: string[]): Promise<void>;
  list(prefix: string, cursor?: string | null, limit?: number): Promise<ListPage>;
  presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl>;

  startMultipart(key: string, options: { contentType: string }): Promise<{ uploadId: string }>;
  /** `byteSize` is the part's planned length: the URL accepts no more (S3: its exact Content-Length is signed). */
  presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl>;
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  /** With `bounds`, throws `UploadSizeMismatch` before assembling when the chosen parts do not fit the plan. */
  completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
    bounds?: MultipartBounds,
  ): Promise<{ etag: string }>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  listMultipartUploads(olderThan: Date): Promise<MultipartUploadInfo[]>;

  /**
   * Removes partial writes a crashed process left behind, untouched since the cutoff (the fs store's temp
   * files). Returns how many. Stores that cannot hold partial objects return 0; S3's unfinished multipart
   * uploads are aborted through `listMultipartUploads` / `abortMultipart` instead.
   */
  purgeIncomplete(olderThan: Date): Promise<number>;

  /** Cheap reachability probe for /readyz. Throws `StoreUnavailable`. */
  ping(): Promise<void>;
}
