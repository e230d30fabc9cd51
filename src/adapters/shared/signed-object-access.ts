import type { Readable } from 'node:stream';
import type { ObjectStorage } from '../../application/ports/object-storage.port.ts';

export type SignedMethod = 'GET' | 'PUT';

/** What a verified URL allows: GET (and HEAD) of an object, or PUT of one part of a multipart upload. */
export interface SignedGrant {
  method: SignedMethod;
  key: string;
  expiresAt: Date;
  /** Whole seconds the URL stays valid, from the verifier's clock. */
  secondsLeft: number;
  disposition?: string;
  contentType?: string;
  uploadId?: string;
  partNumber?: number;
  /** Part PUTs: the most bytes the URL accepts (the part's planned size). */
  maxBytes?: number;
}

export type SignatureVerdict = { ok: true; grant: SignedGrant } | { ok: false; reason: 'expired' | 'invalid' };

export interface SignedRequest {
  /** The HTTP method used (HEAD is allowed by a GET grant). */
  method: string;
  /** The object key, decoded from the URL path. */
  key: string;
  /** Every query parameter of the URL, repeats included. */
  query: Iterable<readonly [string, string]>;
}

/**
 * The side of a store that serves its own signed URLs (the fs store, whose URLs point at the
 * service's `/objects/{key}` route). The HTTP route depends on this, never on a concrete store.
 */
export interface SignedObjectAccess extends Pick<ObjectStorage, 'head' | 'getStream'> {
  verify(request: SignedRequest): SignatureVerdict;
  /**
   * Stores one part of a multipart upload, cutting the body off past `maxBytes` (`PAYLOAD_TOO_LARGE`, nothing
   * kept). Throws `uploadNotFound` when the upload is gone, `partUploadInProgress` while another PUT of the part streams.
   */
  putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes: number): Promise<{ etag: string; size: number }>;
}
