import { access, constants, mkdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
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
import { storeUnavailable } from '../../domain/errors/storage.errors.ts';
import { isAppError } from '../../domain/app-error.ts';
import { resolveByteRange } from '../shared/byte-range.ts';
import { assertDeclaredSize } from '../shared/declared-size.ts';
import { HmacPresigner } from '../shared/hmac-presigner.ts';
import { HmacUrlSigner } from '../shared/hmac-url-signer.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import { PresignWindow, type PresignStats } from '../shared/presign-window.ts';
import { FsKeyPaths } from './fs-key-path.ts';
import { FsLister } from './fs-lister.ts';
import { FsMultipart } from './fs-multipart.ts';
import { FsObjectFiles } from './fs-object-files.ts';

export interface FsObjectStoreOptions {
  /** Directory holding the objects (bootstrap passes DATA_DIR/objects). */
  root: string;
  /** Where the service's `/objects/{key}` route is reachable, e.g. http://127.0.0.1:3000. */
  publicBaseUrl: string;
  signingSecret: string | Uint8Array;
  /** Presigned URLs remembered for reuse within their window (default 10,000). */
  presignCacheEntries?: number;
  clock?: () => Date;
}

// Filesystem failures other than the ones we report on purpose mean the store cannot serve.
const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw isAppError(error) ? error : storeUnavailable(error);
  }
};

/** The embedded default store: files under a root directory, URLs signed for the service's own route. */
export class FsObjectStore implements ObjectStore, SignedObjectAccess {
  private readonly paths: FsKeyPaths;
  private readonly files: FsObjectFiles;
  private readonly lister: FsLister;
  private readonly multipart: FsMultipart;
  private readonly signer: HmacUrlSigner;
  private readonly window: PresignWindow;
  private readonly presigner: HmacPresigner;
  private readonly clock: () => Date;

  constructor(options: FsObjectStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.paths = new FsKeyPaths(options.root);
    this.files = new FsObjectFiles(this.paths);
    this.lister = new FsLister(this.paths);
    this.multipart = new FsMultipart(this.paths, this.files, this.clock);
    this.signer = new HmacUrlSigner(options.signingSecret, options.publicBaseUrl);
    this.window = new PresignWindow({ now: this.clock, ...(options.presignCacheEntries === undefined ? {} : { maxEntries: options.presignCacheEntries }) });
    this.presigner = new HmacPresigner(this.signer, this.window);
  }

  put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<{ etag: string; byteSize: number }> {
    return guarded(async () => {
      objectKeyRules.assertKey(key);
      const temp = await this.files.writeTemp(body);
      try {
        assertDeclaredSize(options.byteSize, temp.size);
        const etag = `"${temp.md5}"`;
        await this.files.commit(temp, key, { contentType: options.contentType, etag });
        return { etag, byteSize: temp.size };
      } finally {
        await this.files.discard(temp);
      }
    });
  }

  head(key: string): Promise<ObjectInfo> {
    return guarded(() => this.files.stat(key));
  }

  getStream(key: string, range?: ByteRange): Promise<ObjectBody> {
    return guarded(async () => {
      const { handle, info } = await this.files.open(key);
      try {
        const slice = range ? resolveByteRange(range, info.byteSize) : null;
        const stream = handle.createReadStream(slice ? { start: slice.start, end: slice.end } : {});
        return { info, range: slice, stream };
      } catch (error) {
        await handle.close();
        throw error;
      }
    });
  }

  delete(keys: string[]): Promise<void> {
    return guarded(async () => {
      keys.forEach((key) => objectKeyRules.assertKey(key));
      const queue = [...new Set(keys)];
      const worker = async () => {
        for (let key = queue.pop(); key !== undefined; key = queue.pop()) await this.files.remove(key);
      };
      await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
    });
  }

  list(prefix: string, cursor?: string | null, limit = 1000): Promise<ListPage> {
    return guarded(() => this.lister.list(prefix, cursor, limit));
  }

  presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl> {
    return this.presigner.presignGet(key, options);
  }

  startMultipart(key: string, options: { contentType: string }): Promise<{ uploadId: string }> {
    return guarded(async () => ({ uploadId: await this.multipart.start(key, options.contentType) }));
  }

  presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl> {
    return this.presigner.presignPart(key, uploadId, partNumber, options);
  }

  putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes: number): Promise<{ etag: string; size: number }> {
    return guarded(() => this.multipart.putPart(key, uploadId, partNumber, body, maxBytes));
  }

  listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    return guarded(() => this.multipart.listParts(key, uploadId));
  }

  completeMultipart(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds?: MultipartBounds): Promise<{ etag: string }> {
    return guarded(() => this.multipart.complete(key, uploadId, parts, bounds));
  }

  abortMultipart(key: string, uploadId: string): Promise<void> {
    return guarded(() => this.multipart.abort(key, uploadId));
  }

  listMultipartUploads(olderThan: Date): Promise<MultipartUploadInfo[]> {
    return guarded(() => this.multipart.list(olderThan));
  }

  purgeIncomplete(olderThan: Date): Promise<number> {
    return guarded(() => this.files.purgeTemps(olderThan));
  }

  ping(): Promise<void> {
    return guarded(async () => {
      await mkdir(this.paths.root, { recursive: true });
      await access(this.paths.root, constants.R_OK | constants.W_OK);
    });
  }

  verify(request: SignedRequest): SignatureVerdict {
    return this.signer.verify(request, this.clock());
  }

  presignStats(): PresignStats {
    return this.window.stats();
  }
}
