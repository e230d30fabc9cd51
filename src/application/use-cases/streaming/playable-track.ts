import type { Actor } from '../../../domain/actor.ts';
import { canPlayTrack } from '../../../domain/access-policy.ts';
import { trackNotFound } from '../../../domain/errors/music.errors.ts';
import type { Visibility } from '../../../domain/image.ts';
import type { Track } from '../../../domain/music.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';

/**
 * A track whose bytes the actor may fetch, as the access policy decides. Every refusal is the same
 * "not found", so a member cannot tell a private track from one that never existed.
 */
export const findPlayableTrack = async (music: MusicRepository, actor: Actor, trackId: string): Promise<Track & { setVisibility: Visibility }> => {
  const track = await music.findTrack(trackId);
  if (!track || !canPlayTrack(actor, track)) throw trackNotFound('playable');
  return track;
};
