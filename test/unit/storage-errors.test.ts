import { describe, expect, test } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import * as storage from '../../src/domain/errors/storage.errors.ts';

describe('store errors', () => {
  const made: Array<[storage.StoreErrorReason, AppError]> = [
    ['objectNotFound', storage.objectNotFound('a/b')],
    ['storeUnavailable', storage.storeUnavailable(new Error('down'))],
    ['rangeNotSatisfiable', storage.rangeNotSatisfiable(100)],
    ['invalidObjectKey', storage.invalidObjectKey()],
    ['uploadNotFound', storage.uploadNotFound('u1')],
    ['invalidUploadPart', storage.invalidUploadPart('part 2 is missing or has another ETag')],
    ['partUploadInProgress', storage.partUploadInProgress(3)],
    ['uploadSizeMismatch', storage.uploadSizeMismatch('The parts hold 1 bytes, but 2 were announced; nothing was kept.')],
  ];

  test.each(made)('%s is a plain AppError whose reason names its factory', (reason, error) => {
    expect(error.constructor).toBe(AppError);
    expect(error.reason).toBe(reason);
    expect(storage.isStoreError(error, reason)).toBe(true);
    for (const [other] of made) if (other !== reason) expect(storage.isStoreError(error, other)).toBe(false);
  });

  test('codes, messages and details are the ones clients have always seen', () => {
    expect(storage.objectNotFound('a/b')).toMatchObject({ code: 'OBJECT_NOT_FOUND', message: 'object not found: a/b', detail: 'The object does not exist.' });
    expect(storage.invalidObjectKey()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The object key is not allowed.' });
    expect(storage.invalidUploadPart('x')).toMatchObject({ code: 'UPLOAD_CONFLICT', message: 'invalid multipart completion: x', detail: 'x' });
    expect(storage.uploadSizeMismatch('y', 'PAYLOAD_TOO_LARGE')).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: 'y' });
    expect(storage.partUploadInProgress(3).detail).toBe('Part 3 is already being uploaded; retry once that PUT has finished.');
  });

  test('an unsatisfiable range carries the object size for Content-Range, and only that error does', () => {
    expect(storage.unsatisfiedRangeSize(storage.rangeNotSatisfiable(100))).toBe(100);
    expect(storage.unsatisfiedRangeSize(storage.objectNotFound('k'))).toBeUndefined();
    expect(storage.unsatisfiedRangeSize(new Error('x'))).toBeUndefined();
  });
});
