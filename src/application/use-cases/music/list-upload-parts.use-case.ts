import type { Actor } from '../../../domain/actor.ts';
import { isAppError } from '../../../domain/app-error.ts';
import type { UploadedPart } from '../../ports/object-types.ts';
import { requireAdmin } from '../../../domain/access-policy.ts';
import { findOpenSession, type DirectUploadDeps } from './direct-upload-deps.ts';
import { uploadNotFound } from './track-errors.ts';

/** What the store already holds of an open upload, so a client can resume after a network drop. */
export class ListUploadParts {
  constructor(private readonly deps: Pick<DirectUploadDeps, 'music' | 'store' | 'clock'>) {}

  async execute(actor: Actor, input: { uploadId: string; key?: string }): Promise<{ parts: UploadedPart[] }> {
    requireAdmin(actor);
    const session = await findOpenSession(this.deps.music, input.uploadId, input.key);
    await this.deps.music.touchUpload(session.trackId, this.deps.clock.now());
    try {
      const parts = await this.deps.store.listParts(session.objectKey, session.uploadId);
      return { parts: parts.map(({ partNumber, etag, size }) => ({ partNumber, etag, size })) };
    } catch (error) {
      if (isAppError(error) && error.code === 'UPLOAD_NOT_FOUND') throw uploadNotFound();
      throw error;
    }
  }
}
