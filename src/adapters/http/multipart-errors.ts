import { AppError, type FieldError } from '../../domain/app-error.ts';

/** Errors of multipart/form-data bodies: transport only, the use cases never see these framings. */

export const multipartExpected = (): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'multipart/form-data expected', { detail: 'Send the files as multipart/form-data.' });

export const malformedMultipart = (detail: string): AppError => new AppError('VALIDATION_FAILED', 'malformed multipart body', { detail });

export const multipartFieldTooLong = (field: string): AppError =>
  new AppError('VALIDATION_FAILED', 'field too long', { errors: [{ path: field, message: 'value too long' }] });

export const invalidUploadFields = (errors: FieldError[]): AppError =>
  new AppError('VALIDATION_FAILED', 'invalid upload fields', {
    detail: 'A text field of the upload is not valid; nothing was stored.',
    errors,
  });
