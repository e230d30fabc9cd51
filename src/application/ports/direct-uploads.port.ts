import type { MultipartBounds, PresignedUrl, UploadedPart } from './object-types.ts';

/** Multipart uploads a client sends straight to the store, part by part, through URLs the service signs. */
export interface DirectUploads {
  startMultipart(key: string, options: { contentType: string }): Promise<{ uploadId: string }>;
  /** `byteSize` is the part's planned length: the URL accepts no more (S3: its exact Content-Length is signed). */
  presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl>;
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  /** With `bounds`, throws `uploadSizeMismatch` before assembling when the chosen parts do not fit the plan. */
  completeMultipart(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds?: MultipartBounds): Promise<{ etag: string }>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
}
