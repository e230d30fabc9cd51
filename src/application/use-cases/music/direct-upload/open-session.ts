import { uploadNotFound } from '../../../../domain/errors/music.errors.ts';
import type { UploadSession } from '../../../../domain/music.ts';
import type { MusicRepository } from '../../../ports/music-repository.port.ts';

/** The open upload session; `key`, when the client sends one (Uppy does), must be the session's. */
export const findOpenSession = async (music: MusicRepository, uploadId: string, key?: string): Promise<UploadSession> => {
  const session = await music.findSession(uploadId);
  if (!session || (key !== undefined && key !== session.objectKey)) throw uploadNotFound();
  return session;
};
