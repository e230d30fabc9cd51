import { AppError } from '../../domain/app-error.ts';

export class ObjectNotFound extends AppError {
  constructor(key: string) {
    super('OBJECT_NOT_FOUND', `object not found: ${key}`, { detail: 'The object does not exist.' });
    this.name = 'ObjectNotFound';
  }
}

export class StoreUnavailable extends AppError {
  constructor(cause?: unknown) {
    super('STORE_UNAVAILABLE', 'object store unavailable', {
      detail: 'The object store is not answering. Try again later.',
      cause,
    });
    this.name = 'StoreUnavailable';
  }
}

export class RangeNotSatisfiable extends AppError {
  readonly byteSize: number;
  constructor(byteSize: number) {
    super('RANGE_NOT_SATISFIABLE', 'range not satisfiable', { detail: 'The requested range is outside the object.' });
    this.name = 'RangeNotSatisfiable';
    this.byteSize = byteSize;
  }
}

export class InvalidObjectKey extends AppError {
  constructor() {
    super('VALIDATION_FAILED', 'invalid object key', { detail: 'The object key is not allowed.' });
    this.name = 'InvalidObjectKey';
  }
}

export class UploadNotFound extends AppError {
  constructor(uploadId: string) {
    super('UPLOAD_NOT_FOUND', `multipart upload not found: ${uploadId}`, { detail: 'The upload does not exist.' });
    this.name = 'UploadNotFound';
  }
}

/**
 * A completion that names a part the store does not hold, with another ETag, out of order,
 * or smaller than S3's 5 MiB minimum (S3's InvalidPart / InvalidPartOrder / EntityTooSmall).
 */
export class InvalidUploadPart extends AppError {
  constructor(detail: string) {
    super('UPLOAD_CONFLICT', `invalid multipart completion: ${detail}`, { detail });
    this.name = 'InvalidUploadPart';
  }
}
