import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { MultipartBounds, MultipartUploadInfo, UploadedPart } from '../../application/ports/object-types.ts';
import { storeUnavailable, uploadNotFound } from '../../domain/errors/storage.errors.ts';
import { multipartRules } from '../shared/multipart-rules.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import { mapS3Error, s3ErrorName, s3ErrorStatus } from './s3-error-mapping.ts';

/**
 * What ListParts answers for an upload that does not exist: `NoSuchUpload` on AWS, `NoSuchKey` on Ceph
 * RGW. ListParts never reads an object, so either means the upload is gone.
 */
const uploadGone = (error: unknown) => s3ErrorName(error) === 'NoSuchUpload' || s3ErrorName(error) === 'NoSuchKey';

// What a server that does not implement ListParts answers (s3rver).
const UNLISTABLE = new Set(['MethodNotAllowed', 'NotImplemented']);

/** Multipart uploads on S3, paging through ListParts and ListMultipartUploads; aborting twice is fine. */
export class S3Multipart {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async start(key: string, contentType: string): Promise<{ uploadId: string }> {
    objectKeyRules.assertKey(key);
    try {
      const out = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
      if (!out.UploadId) throw storeUnavailable('no upload id');
      return { uploadId: out.UploadId };
    } catch (error) {
      throw mapS3Error(error, { key });
    }
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    objectKeyRules.assertKey(key);
    const parts: UploadedPart[] = [];
    try {
      let marker: string | undefined;
      do {
        const out = await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
        for (const part of out.Parts ?? []) {
          parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '""', size: part.Size ?? 0 });
        }
        marker = out.IsTruncated ? out.NextPartNumberMarker : undefined;
      } while (marker !== undefined);
    } catch (error) {
      throw uploadGone(error) ? uploadNotFound(uploadId) : mapS3Error(error, { uploadId });
    }
    return parts;
  }

  async complete(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds?: MultipartBounds): Promise<{ etag: string }> {
    objectKeyRules.assertKey(key);
    if (bounds !== undefined) await this.checkBounds(key, uploadId, parts, bounds);
    let etag: string | undefined;
    try {
      const out = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
      );
      etag = out.ETag;
    } catch (error) {
      // Ceph RGW answers 500 (not NoSuchUpload) for an upload that is unknown or aborted: ask whether it still
      // exists before calling the store unavailable. AWS names the missing upload itself and never gets here.
      if (s3ErrorStatus(error) === 500 && (await this.exists(key, uploadId)) === false) throw uploadNotFound(uploadId);
      throw mapS3Error(error, { uploadId });
    }
    // Ceph RGW completes with an empty <ETag>; the object's HEAD has the real one.
    if (etag === undefined || etag === '' || etag === '""') {
      try {
        etag = (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ETag;
      } catch (error) {
        throw mapS3Error(error, { key });
      }
    }
    return { etag: etag ?? '""' };
  }

  /** Whether the upload is still open: false only when the store says it is gone, null when it cannot tell. */
  private async exists(key: string, uploadId: string): Promise<boolean | null> {
    try {
      await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MaxParts: 1 }));
      return true;
    } catch (error) {
      return uploadGone(error) ? false : null;
    }
  }

  /**
   * The part URLs carry a signed Content-Length, so S3 itself refuses a part of another size; ListParts checks it
   * again before anything is assembled. A server without ListParts (s3rver) leaves the signed length as the bound.
   */
  private async checkBounds(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds: MultipartBounds): Promise<void> {
    let stored: UploadedPart[];
    try {
      stored = await this.listParts(key, uploadId);
    } catch (error) {
      if (UNLISTABLE.has(s3ErrorName((error as { cause?: unknown }).cause))) return;
      throw error;
    }
    multipartRules.checkBounds(multipartRules.checkCompletion(parts, stored), bounds);
  }

  async abort(key: string, uploadId: string): Promise<void> {
    objectKeyRules.assertKey(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (s3ErrorName(error) !== 'NoSuchUpload') throw mapS3Error(error, { uploadId });
    }
  }

  async list(olderThan: Date): Promise<MultipartUploadInfo[]> {
    const found: MultipartUploadInfo[] = [];
    try {
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const out = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
        for (const upload of out.Uploads ?? []) {
          if (upload.Key && upload.UploadId && upload.Initiated && upload.Initiated < olderThan) {
            found.push({ key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated });
          }
        }
        keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
        uploadIdMarker = out.IsTruncated ? out.NextUploadIdMarker : undefined;
      } while (keyMarker !== undefined);
    } catch (error) {
      throw mapS3Error(error);
    }
    return found;
  }
}
