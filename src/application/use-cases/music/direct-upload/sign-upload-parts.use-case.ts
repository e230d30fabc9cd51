import type { Actor } from '../../../../domain/actor.ts';
import { partNumbersOutOfPlan } from '../../../../domain/errors/music.errors.ts';
import { requireAdmin } from '../../../../domain/access-policy.ts';
import type { DirectUploads } from '../../../ports/direct-uploads.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { findOpenSession } from './open-session.ts';
import { partLength } from './part-plan.ts';

export interface SignedPart {
  partNumber: number;
  url: string;
  expiresAt: string;
}

export interface SignUploadPartsDeps extends MusicRowsDeps {
  directUploads: Pick<DirectUploads, 'presignPart'>;
  /** Lifetime of presigned part URLs. */
  partUrlTtlSeconds: number;
}

/**
 * Presigned PUT URLs for parts of an open upload; part numbers beyond the plan are refused. Each URL accepts
 * only its part's planned length (the last part: the remainder), so the store cannot be filled past the plan.
 */
export class SignUploadParts {
  constructor(private readonly deps: SignUploadPartsDeps) {}

  async execute(actor: Actor, input: { uploadId: string; partNumbers: number[]; key?: string }): Promise<{ parts: SignedPart[] }> {
    requireAdmin(actor);
    const session = await findOpenSession(this.deps.music, input.uploadId, input.key);
    const errors = input.partNumbers.flatMap((n, i) =>
      Number.isInteger(n) && n >= 1 && n <= session.partCount
        ? []
        : [{ path: `body.partNumbers[${i}]`, message: `must be between 1 and ${session.partCount}` }],
    );
    if (errors.length > 0) {
      throw partNumbersOutOfPlan(session.partCount, errors);
    }
    await this.deps.music.touchUpload(session.trackId, this.deps.clock.now());
    const unique = [...new Set(input.partNumbers)].sort((a, b) => a - b);
    const parts = await Promise.all(
      unique.map(async (partNumber) => {
        const signed = await this.deps.directUploads.presignPart(session.objectKey, session.uploadId, partNumber, {
          ttlSeconds: this.deps.partUrlTtlSeconds,
          byteSize: partLength(session, session.byteSize, partNumber),
        });
        return { partNumber, url: signed.url, expiresAt: signed.expiresAt.toISOString() };
      }),
    );
    return { parts };
  }
}
