import { AppError } from '../../../domain/app-error.ts';

export const trackNotFound = (): AppError =>
  new AppError('TRACK_NOT_FOUND', 'track not found', { detail: 'No track with this id.' });

export const uploadNotFound = (): AppError =>
  new AppError('UPLOAD_NOT_FOUND', 'upload not found', {
    detail: 'No open upload with this id: it was completed, aborted or never existed.',
  });

export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError('RATE_LIMITED', 'upload rate limit reached', {
    detail: `Upload limit reached; retry in ${retryAfterSeconds} s.`,
    retryAfterSeconds,
  });

export const trackTooLarge = (maxBytes: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', 'track too large', { detail: `A track may have at most ${maxBytes} bytes.` });

export const notAudio = (): AppError =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 'not an accepted audio file', {
    detail: 'The file is not MP3, FLAC, WAV, AIFF, AAC/M4A or Ogg (Vorbis/Opus) audio.',
  });

export const tooManyOpenUploads = (quota: { uploads: number; bytes: number }): AppError =>
  new AppError('TOO_MANY_OPEN_UPLOADS', 'open upload quota reached', {
    detail: `At most ${quota.uploads} open uploads declaring ${quota.bytes} bytes together per admin: complete or abort one first.`,
  });
