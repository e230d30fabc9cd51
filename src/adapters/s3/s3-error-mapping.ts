import { invalidUploadPart, objectNotFound, storeUnavailable, uploadNotFound } from '../../domain/errors/storage.errors.ts';
import { isAppError, type AppError } from '../../domain/app-error.ts';

interface SdkError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

export const s3ErrorName = (error: unknown): string => {
  const e = (error ?? {}) as SdkError;
  return e.Code ?? e.name ?? '';
};

export const s3ErrorStatus = (error: unknown): number | undefined => ((error ?? {}) as SdkError).$metadata?.httpStatusCode;

/**
 * SDK errors never leave the adapter: the few that mean something to the service become ours,
 * everything else (network, throttling, 5xx, access denied, missing bucket) is STORE_UNAVAILABLE.
 */
export const mapS3Error = (error: unknown, context: { key?: string; uploadId?: string } = {}): AppError => {
  if (isAppError(error)) return error;
  const name = s3ErrorName(error);
  const status = s3ErrorStatus(error);
  if (name === 'NoSuchUpload') return uploadNotFound(context.uploadId ?? '');
  if (context.key !== undefined && (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket'))) {
    return objectNotFound(context.key);
  }
  if (name === 'InvalidPart' || name === 'InvalidPartOrder' || name === 'EntityTooSmall') {
    return invalidUploadPart('the parts do not match what the store holds');
  }
  return storeUnavailable(error);
};
