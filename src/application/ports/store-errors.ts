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

/** Another PUT of the same part is still streaming: a second one would store the bytes twice. */
export class PartUploadInProgress extends AppError {
  constructor(partNumber: number) {
    super('UPLOAD_CONFLICT', `part ${partNumber} is being uploaded`, {
      detail: `Part ${partNumber} is already being uploaded; retry once that PUT has finished.`,
    });
    this.name = 'PartUploadInProgress';
  }
}

/** Parts whose sizes do not add up to the upload's declared size (or one over its planned size): nothing is assembled. */
export class UploadSizeMismatch extends AppError {
  constructor(detail: string, code: 'UPLOAD_CONFLICT' | 'PAYLOAD_TOO_LARGE' = 'UPLOAD_CONFLICT') {
    super(code, `multipart upload size mismatch: ${detail}`, { detail });
    this.name = 'UploadSizeMismatch';
  }
}
