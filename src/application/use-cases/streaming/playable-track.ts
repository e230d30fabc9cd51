import type { Actor } from '../../../domain/actor.ts';
import { trackNotFound } from '../../../domain/errors/music.errors.ts';
import type { Visibility } from '../../../domain/image.ts';
import type { Track } from '../../../domain/music.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';

/**
 * A track whose bytes the actor may fetch: it must be `ready` (an `uploading` object is incomplete, a
 * `deleting` one about to vanish). Members also need its set to be public; admins may play tracks of
 * private sets too, to check them before publishing. Every refusal is the same "not found", so a member
 * cannot tell a private track from one that never existed.
 */
export const findPlayableTrack = async (
  music: MusicRepository,
  actor: Actor,
  trackId: string,
): Promise<Track & { setVisibility: Visibility }> => {
  const track = await music.findTrack(trackId);
  if (!track || track.status !== 'ready') throw trackNotFound('playable');
  if (track.setVisibility !== 'public' && actor.role !== 'admin') throw trackNotFound('playable');
  return track;
};
