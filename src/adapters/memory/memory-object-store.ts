import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  ByteRange,
  ListPage,
  MultipartBounds,
  MultipartUploadInfo,
  ObjectBody,
  ObjectInfo,
  PresignGetOptions,
  PresignedUrl,
  PutOptions,
  UploadedPart,
} from '../../application/ports/object-types.ts';
import type { ObjectStore } from '../shared/object-store.ts';
import type { SignatureVerdict, SignedObjectAccess, SignedRequest } from '../shared/signed-object-access.ts';
import { objectNotFound, partBodyTooLarge, partUploadInProgress, uploadNotFound } from '../../domain/errors/storage.errors.ts';
import { resolveByteRange } from '../shared/byte-range.ts';
import { assertDeclaredSize } from '../shared/declared-size.ts';
import { HmacPresigner } from '../shared/hmac-presigner.ts';
import { HmacUrlSigner } from '../shared/hmac-url-signer.ts';
import { keyCursor } from '../shared/key-cursor.ts';
import { multipartRules } from '../shared/multipart-rules.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import { PresignWindow, type PresignStats } from '../shared/presign-window.ts';

export interface MemoryObjectStoreOptions {
  /** Base of presigned URLs; an http URL where `createObjectsRouter(store)` is mounted makes them fetchable. */
  publicBaseUrl?: string;
  signingSecret?: string | Uint8Array;
  clock?: () => Date;
}

interface StoredObject {
  data: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}
interface StoredPart {
  data: Buffer;
  etag: string;
}
interface Upload {
  key: string;
  contentType: string;
  initiated: Date;
  parts: Map<number, StoredPart>;
}

const md5Etag = (data: Uint8Array) => `"${createHash('md5').update(data).digest('hex')}"`;

const collect = async (body: Readable | Uint8Array, limit = Number.POSITIVE_INFINITY): Promise<Buffer> => {
  if (!(body instanceof Readable)) return Buffer.from(body);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) throw partBodyTooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

/** The real in-memory store used by unit tests; the same contract suite as fs and S3 proves it. */
export class MemoryObjectStore implements ObjectStore, SignedObjectAccess {
  private readonly objects = new Map<string, StoredObject>();
  private readonly uploads = new Map<string, Upload>();
  private readonly incoming = new Set<string>();
  private readonly signer: HmacUrlSigner;
  private readonly window: PresignWindow;
  private readonly presigner: HmacPresigner;
  private readonly clock: () => Date;

  constructor(options: MemoryObjectStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.signer = new HmacUrlSigner(options.signingSecret ?? randomBytes(32), options.publicBaseUrl ?? 'memory://store');
    this.window = new PresignWindow({ now: this.clock });
    this.presigner = new HmacPresigner(this.signer, this.window);
  }

  async put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<{ etag: string; byteSize: number }> {
    objectKeyRules.assertKey(key);
    const data = await collect(body);
    assertDeclaredSize(options.byteSize, data.length);
    const etag = md5Etag(data);
    this.objects.set(key, { data, contentType: options.contentType, etag, lastModified: this.clock() });
    return { etag, byteSize: data.length };
  }

  async head(key: string): Promise<ObjectInfo> {
    return this.info(key, this.find(key));
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectBody> {
    const object = this.find(key);
    const slice = range ? resolveByteRange(range, object.data.length) : null;
    const bytes = slice ? object.data.subarray(slice.start, slice.end + 1) : object.data;
    return { info: this.info(key, object), range: slice, stream: Readable.from(bytes.length > 0 ? [bytes] : []) };
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach((key) => objectKeyRules.assertKey(key));
    for (const key of keys) this.objects.delete(key);
  }

  async list(prefix: string, cursor?: string | null, limit = 1000): Promise<ListPage> {
    objectKeyRules.assertPrefix(prefix);
    const after = keyCursor.decode(cursor);
    const size = Math.max(1, Math.min(limit, 1000));
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix) && (after === null || key > after)).sort();
    const page = keys.slice(0, size);
    return {
      items: page.map((key) => {
        const object = this.objects.get(key)!;
        return { key, byteSize: object.data.length, lastModified: object.lastModified };
      }),
      nextCursor: keys.length > size ? keyCursor.encode(page[page.length - 1]!) : null,
    };
  }

  presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl> {
    return this.presigner.presignGet(key, options);
  }

  async startMultipart(key: string, options: { contentType: string }): Promise<{ uploadId: string }> {
    objectKeyRules.assertKey(key);
    const uploadId = multipartRules.newUploadId();
    this.uploads.set(uploadId, { key, contentType: options.contentType, initiated: this.clock(), parts: new Map() });
    return { uploadId };
  }

  presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl> {
    return this.presigner.presignPart(key, uploadId, partNumber, options);
  }

  async putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes: number): Promise<{ etag: string; size: number }> {
    multipartRules.assertPartNumber(partNumber);
    this.upload(key, uploadId);
    // As on the fs store: one PUT of a part at a time, so concurrent ones cannot each buffer a copy.
    const slot = `${uploadId}/${partNumber}`;
    if (this.incoming.has(slot)) throw partUploadInProgress(partNumber);
    this.incoming.add(slot);
    const data = await collect(body, Math.min(maxBytes, multipartRules.maxPartBytes)).finally(() => this.incoming.delete(slot));
    const upload = this.upload(key, uploadId);
    const etag = md5Etag(data);
    upload.parts.set(partNumber, { data, etag });
    return { etag, size: data.length };
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    return this.storedParts(this.upload(key, uploadId));
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
    bounds?: MultipartBounds,
  ): Promise<{ etag: string }> {
    const upload = this.upload(key, uploadId);
    const chosen = multipartRules.checkCompletion(parts, this.storedParts(upload));
    multipartRules.checkBounds(chosen, bounds);
    const data = Buffer.concat(chosen.map((part) => upload.parts.get(part.partNumber)!.data));
    const etag = multipartRules.combinedEtag(chosen);
    this.objects.set(key, { data, contentType: upload.contentType, etag, lastModified: this.clock() });
    this.uploads.delete(uploadId);
    return { etag };
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    objectKeyRules.assertKey(key);
    if (this.uploads.get(uploadId)?.key === key) this.uploads.delete(uploadId);
  }

  async listMultipartUploads(olderThan: Date): Promise<MultipartUploadInfo[]> {
    return [...this.uploads]
      .filter(([, upload]) => upload.initiated < olderThan)
      .map(([uploadId, upload]) => ({ key: upload.key, uploadId, initiated: upload.initiated }));
  }

  /** Writes are atomic here: there is never a partial object. */
  async purgeIncomplete(): Promise<number> {
    return 0;
  }

  async ping(): Promise<void> {}

  verify(request: SignedRequest): SignatureVerdict {
    return this.signer.verify(request, this.clock());
  }

  presignStats(): PresignStats {
    return this.window.stats();
  }

  private find(key: string): StoredObject {
    objectKeyRules.assertKey(key);
    const object = this.objects.get(key);
    if (!object) throw objectNotFound(key);
    return object;
  }

  private info(key: string, object: StoredObject): ObjectInfo {
    const { data, contentType, etag, lastModified } = object;
    return { key, byteSize: data.length, contentType, etag, lastModified };
  }

  private upload(key: string, uploadId: string): Upload {
    objectKeyRules.assertKey(key);
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.key !== key) throw uploadNotFound(uploadId);
    return upload;
  }

  private storedParts(upload: Upload): UploadedPart[] {
    return [...upload.parts].sort(([a], [b]) => a - b).map(([partNumber, part]) => ({ partNumber, etag: part.etag, size: part.data.length }));
  }
}
