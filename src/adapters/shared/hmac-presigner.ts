import type { PresignedUrl, PresignGetOptions } from '../../application/ports/object-types.ts';
import { uploadNotFound } from '../../domain/errors/storage.errors.ts';
import type { HmacUrlSigner } from './hmac-url-signer.ts';
import { multipartRules } from './multipart-rules.ts';
import { objectKeyRules } from './object-key-rules.ts';
import { assertPresignGetOptions } from './presign-options.ts';
import type { PresignWindow } from './presign-window.ts';

/** Presigning for the stores whose URLs the service answers itself (fs, memory): HMAC-signed, windowed, memoised. */
export class HmacPresigner {
  constructor(
    private readonly signer: HmacUrlSigner,
    private readonly window: PresignWindow,
  ) {}

  async presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl> {
    objectKeyRules.assertKey(key);
    const { disposition, contentType } = assertPresignGetOptions(options);
    const memoKey = JSON.stringify(['GET', key, disposition, contentType]);
    return this.window.presign(memoKey, options.ttlSeconds, (slot) =>
      this.signer.sign({ method: 'GET', key, expires: slot.expiresAt.getTime() / 1000, disposition, contentType }),
    );
  }

  async presignPart(key: string, uploadId: string, partNumber: number, options: { ttlSeconds: number; byteSize: number }): Promise<PresignedUrl> {
    objectKeyRules.assertKey(key);
    multipartRules.assertPartNumber(partNumber);
    if (!multipartRules.isUploadId(uploadId)) throw uploadNotFound(uploadId);
    const maxBytes = multipartRules.assertPartBytes(options.byteSize);
    const memoKey = JSON.stringify(['PUT', key, uploadId, partNumber, maxBytes]);
    return this.window.presign(memoKey, options.ttlSeconds, (slot) =>
      this.signer.sign({ method: 'PUT', key, expires: slot.expiresAt.getTime() / 1000, uploadId, partNumber, maxBytes }),
    );
  }
}
