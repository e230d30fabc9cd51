import { AppError, type FieldError } from '../app-error.ts';
import { validationFailed } from './common.errors.ts';

/** Every error of music sets, tracks and their uploads, each made once here so its wording stays one. */

export const musicSetNotFound = (): AppError => new AppError('MUSIC_SET_NOT_FOUND', 'music set not found', { detail: 'No music set with this id.' });

/**
 * `any`: the admin routes, which find a track in any state. `playable`: stream and download, which
 * answer the same for a track that does not exist and one the actor may not play, so a member cannot
 * tell a private track from a missing one.
 */
export type TrackLookup = 'any' | 'playable';

export const trackNotFound = (lookup: TrackLookup = 'any'): AppError =>
  new AppError('TRACK_NOT_FOUND', 'track not found', {
    detail: lookup === 'playable' ? 'No playable track with this id.' : 'No track with this id.',
  });

export const uploadNotFound = (): AppError =>
  new AppError('UPLOAD_NOT_FOUND', 'upload not found', {
    detail: 'No open upload with this id: it was completed, aborted or never existed.',
  });

export const trackTooLarge = (maxBytes: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', 'track too large', { detail: `A track may have at most ${maxBytes} bytes.` });

/** Neither the bytes (uploads) nor the declared type and name (direct upload start) are an accepted format. */
export const notAudio = (): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'not an accepted audio file', {
    detail: 'The file is not MP3, FLAC, WAV, AIFF, AAC/M4A or Ogg (Vorbis/Opus) audio.',
  });

/** The bytes have an accepted container, but no audio could be read from them. */
export const invalidAudio = (detail: string, cause?: unknown): AppError =>
  new AppError('INVALID_AUDIO', 'invalid audio', { detail, ...(cause === undefined ? {} : { cause }) });

export const tooManyOpenUploads = (quota: { uploads: number; bytes: number }): AppError =>
  new AppError('TOO_MANY_OPEN_UPLOADS', 'open upload quota reached', {
    detail: `At most ${quota.uploads} open uploads declaring ${quota.bytes} bytes together per admin: complete or abort one first.`,
  });

/** A direct upload assembled to another size than the one its start announced. */
export const uploadSizeConflict = (assembledBytes: number, announcedBytes: number): AppError =>
  new AppError('UPLOAD_CONFLICT', 'size mismatch', {
    detail: `The assembled file has ${assembledBytes} bytes, but ${announcedBytes} were announced; nothing was kept.`,
  });

export const trackDeletedDuringUpload = (): AppError =>
  new AppError('UPLOAD_CONFLICT', 'track deleted during upload', {
    detail: 'The track was deleted while it was being uploaded; nothing was kept.',
  });

export const noTrackFile = (): AppError =>
  validationFailed('no file part', 'The request contained no file part named "file".', [{ path: 'body.file', message: 'a file is required' }]);

export const moreThanOneTrackFile = (): AppError =>
  validationFailed('more than one file', 'Send one file per request; nothing was stored.', [{ path: 'body.file', message: 'exactly one file is allowed' }]);

export const trackPositionOutOfRange = (trackCount: number): AppError =>
  validationFailed('track position out of range', `The position must be between 1 and ${trackCount}.`, [
    { path: 'position', message: `must be between 1 and ${trackCount}` },
  ]);

export const invalidUploadByteSize = (): AppError =>
  validationFailed('invalid byte size', 'The byte size must be a positive integer.', [{ path: 'byteSize', message: 'must be a positive integer' }]);

export const tooLargeForMultipart = (maxParts: number, maxPartBytes: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', 'file too large for a multipart upload', {
    detail: `At most ${maxParts} parts of ${maxPartBytes} bytes.`,
  });

/** Part numbers outside an upload's plan; `errors` names each offending entry. */
export const partNumbersOutOfPlan = (partCount: number, errors: FieldError[]): AppError =>
  validationFailed('part number out of range', `This upload has ${partCount} parts.`, errors);

export const invalidPartList = (partCount: number): AppError =>
  validationFailed('invalid part list', `List each part once, numbered 1 to ${partCount}.`, [
    { path: 'body.parts', message: 'each part once, within the upload plan' },
  ]);

/** A part number in a path that no multipart upload can have. */
export const invalidPartNumber = (maxParts: number): AppError =>
  validationFailed('invalid part number', `Part numbers run from 1 to ${maxParts}.`, [
    { path: 'params.partNumber', message: `must be an integer from 1 to ${maxParts}` },
  ]);

export const singleRequestUploadsNotOffered = (): AppError =>
  validationFailed(
    'single-request uploads are not offered',
    'Tracks go through multipart uploads only: configure @uppy/aws-s3 with shouldUseMultipart: true.',
    [{ path: 'shouldUseMultipart', message: 'must be true' }],
  );

/** A stored row the decoder does not recognise: a bug or a schema drift, never the client's fault. */
export const unexpectedMusicRow = (what: string, cause: unknown): AppError => new AppError('INTERNAL', `unexpected ${what} row`, { cause });
