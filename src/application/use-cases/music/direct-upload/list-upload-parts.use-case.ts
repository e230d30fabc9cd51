import type { Actor } from '../../../../domain/actor.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import { isAppError } from '../../../../domain/app-error.ts';
import { uploadNotFound } from '../../../../domain/errors/music.errors.ts';
import type { DirectUploads } from '../../../ports/direct-uploads.port.ts';
import type { UploadedPart } from '../../../ports/object-types.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { findOpenSession } from './open-session.ts';

export interface ListUploadPartsDeps extends MusicRowsDeps {
  directUploads: Pick<DirectUploads, 'listParts'>;
}

/** What the store already holds of an open upload, so a client can resume after a network drop. */
export class ListUploadParts {
  constructor(private readonly deps: ListUploadPartsDeps) {}

  async execute(actor: Actor, input: { uploadId: string; key?: string }): Promise<{ parts: UploadedPart[] }> {
    requireAdmin(actor);
    const { deps } = this;
    const session = await findOpenSession(deps.music, input.uploadId, input.key);
    await deps.music.touchUpload(session.trackId, deps.clock.now());
    try {
      const parts = await deps.directUploads.listParts(session.objectKey, session.uploadId);
      return { parts: parts.map(({ partNumber, etag, size }) => ({ partNumber, etag, size })) };
    } catch (error) {
      if (isAppError(error) && error.code === 'UPLOAD_NOT_FOUND') throw uploadNotFound();
      throw error;
    }
  }
}
