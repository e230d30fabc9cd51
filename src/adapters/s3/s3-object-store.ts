import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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
import { rangeNotSatisfiable, storeUnavailable } from '../../domain/errors/storage.errors.ts';
import { MULTIPART_LIMITS } from '../../domain/multipart-limits.ts';
import { multipartRules } from '../shared/multipart-rules.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import { assertPresignGetOptions } from '../shared/presign-options.ts';
import { PresignWindow, type PresignStats } from '../shared/presign-window.ts';
import { mapS3Error, s3ErrorName } from './s3-error-mapping.ts';
import { S3Multipart } from './s3-multipart.ts';
import { S3Presigner } from './s3-presigner.ts';
import { sizeCheckedStream, toRangeHeader } from './s3-streams.ts';

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Part size of streamed uploads (lib-storage); at least S3's minimum part size. */
  partSize?: number;
  /** Parts of one upload in flight at once; memory stays near partSize × queueSize. */
  queueSize?: number;
  /** Presigned URLs remembered for reuse within their window (default 10,000). */
  presignCacheEntries?: number;
  clock?: () => Date;
}

const MiB = 1024 * 1024;
const SEVEN_DAYS = 7 * 24 * 3600;

/** The S3 store: a private bucket, every read through a presigned URL or a streamed GET. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly presigner: S3Presigner;
  private readonly window: PresignWindow;
  private readonly multipart: S3Multipart;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.partSize = Math.max(MULTIPART_LIMITS.minPartBytes, options.partSize ?? 8 * MiB);
    this.queueSize = Math.max(1, options.queueSize ?? 4);
    this.presigner = new S3Presigner(this.client, this.bucket);
    this.window = new PresignWindow({
      maxExpiresInSeconds: SEVEN_DAYS,
      ...(options.clock ? { now: options.clock } : {}),
      ...(options.presignCacheEntries === undefined ? {} : { maxEntries: options.presignCacheEntries }),
    });
    this.multipart = new S3Multipart(this.client, this.bucket);
  }

  async put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<{ etag: string; byteSize: number }> {
    objectKeyRules.assertKey(key);
    const checked = sizeCheckedStream(body, options.byteSize);
    try {
      if (body instanceof Uint8Array && body.length <= this.partSize) {
        checked.assertComplete(body.length);
        const out = await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: options.contentType, ContentLength: body.length }),
        );
        return { etag: out.ETag ?? '""', byteSize: body.length };
      }
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: checked.stream, ContentType: options.contentType },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      });
      const out = await upload.done();
      return { etag: out.ETag ?? '""', byteSize: checked.bytes() };
    } catch (error) {
      throw checked.refusal() ?? mapS3Error(error, { key });
    }
  }

  async head(key: string): Promise<ObjectInfo> {
    objectKeyRules.assertKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        byteSize: out.ContentLength ?? 0,
        contentType: out.ContentType ?? 'application/octet-stream',
        etag: out.ETag ?? '""',
        lastModified: out.LastModified ?? new Date(0),
      };
    } catch (error) {
      throw mapS3Error(error, { key });
    }
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectBody> {
    objectKeyRules.assertKey(key);
    // Suffix ranges are resolved from the object's size here: some S3-compatible servers get `bytes=-N` wrong.
    const known = range && range.kind === 'suffix' ? await this.head(key) : undefined;
    const header = range ? toRangeHeader(range, known?.byteSize) : undefined;
    if (header === null) throw rangeNotSatisfiable(known?.byteSize ?? (await this.head(key)).byteSize);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: header, IfMatch: known?.etag }));
      const total = /\/(\d+)$/.exec(out.ContentRange ?? '');
      const span = /^bytes (\d+)-(\d+)\//.exec(out.ContentRange ?? '');
      return {
        info: {
          key,
          byteSize: total ? Number(total[1]) : (out.ContentLength ?? 0),
          contentType: out.ContentType ?? 'application/octet-stream',
          etag: out.ETag ?? '""',
          lastModified: out.LastModified ?? new Date(0),
        },
        range: span && header ? { start: Number(span[1]), end: Number(span[2]) } : null,
        stream: (out.Body as Readable | undefined) ?? Readable.from([]),
      };
    } catch (error) {
      if (s3ErrorName(error) === 'InvalidRange') throw rangeNotSatisfiable((await this.head(key)).byteSize);
      // The object changed between the HEAD and the GET of a suffix range: resolve it again.
      if (s3ErrorName(error) === 'PreconditionFailed' && known) return this.getStream(key, range);
      throw mapS3Error(error, { key });
    }
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach((key) => objectKeyRules.assertKey(key));
    const unique = [...new Set(keys)];
    for (let offset = 0; offset < unique.length; offset += 1000) {
      const batch = unique.slice(offset, offset + 1000).map((Key) => ({ Key }));
      try {
        const out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
        if (out.Errors && out.Errors.length > 0) throw storeUnavailable(out.Errors);
      } catch (error) {
        throw mapS3Error(error);
      }
    }
  }

  async list(prefix: string, cursor?: string | null, limit = 1000): Promise<ListPage> {
    objectKeyRules.assertPrefix(prefix);
    try {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix === '' ? undefined : prefix,
          ContinuationToken: cursor ?? undefined,
          MaxKeys: Math.max(1, Math.min(limit, 1000)),
        }),
      );
      return {
        items: (out.Contents ?? []).map((item) => ({
          key: item.Key ?? '',
          byteSize: item.Size ?? 0,
          lastModified: item.LastModified ?? new Date(0),
        })),
        nextCursor: out.IsTruncated && out.NextContinuationToken ? out.NextContinuationToken : null,
      };
    } catch (error) {
      throw mapS3Error(error);
    }
  }

  async presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl> {
    objectKeyRules.assertKey(key);
    const { disposition, contentType } = assertPresignGetOptions(options);
    try {
      const memoKey = JSON.stringify(['GET', await this.presigner.identity(), key, disposition, contentType]);
      return await this.window.presign(memoKey, options.ttlSeconds, (slot) =>
        this.presigner.presignGet(key, { disposition, contentType }, slot.signedAt, slot.expiresInSeconds),
      );
    } catch (error) {
      throw mapS3Error(error);
    }
  }

  startMultipart(key: string, options: { contentType: string }): Promise<{ uploadId: string }> {
    return this.multipart.start(key, options.contentType);
  }

  async presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl> {
    objectKeyRules.assertKey(key);
    multipartRules.assertPartNumber(partNumber);
    const byteSize = multipartRules.assertPartBytes(options.byteSize);
    try {
      const memoKey = JSON.stringify(['PUT', await this.presigner.identity(), key, uploadId, partNumber, byteSize]);
      return await this.window.presign(memoKey, options.ttlSeconds, (slot) =>
        this.presigner.presignUploadPart(key, uploadId, partNumber, byteSize, slot.signedAt, slot.expiresInSeconds),
      );
    } catch (error) {
      throw mapS3Error(error);
    }
  }

  listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    return this.multipart.listParts(key, uploadId);
  }

  completeMultipart(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds?: MultipartBounds): Promise<{ etag: string }> {
    return this.multipart.complete(key, uploadId, parts, bounds);
  }

  abortMultipart(key: string, uploadId: string): Promise<void> {
    return this.multipart.abort(key, uploadId);
  }

  listMultipartUploads(olderThan: Date): Promise<MultipartUploadInfo[]> {
    return this.multipart.list(olderThan);
  }

  /** S3 never shows a partial object; unfinished multipart uploads are aborted by the sweeper and the lifecycle rule. */
  async purgeIncomplete(): Promise<number> {
    return 0;
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw storeUnavailable(error);
    }
  }

  presignStats(): PresignStats {
    return this.window.stats();
  }
}
