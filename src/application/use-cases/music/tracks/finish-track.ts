import type { Track } from '../../../../domain/music.ts';
import type { AudioInfo, SniffedAudio } from '../../../ports/media-inspector.port.ts';
import type { MusicRowsDeps } from '../music-deps.ts';
import { musicSetNotFound, trackDeletedDuringUpload } from '../../../../domain/errors/music.errors.ts';
import { titleFromFilename } from './track-names.ts';

export interface FinishTrackInput {
  track: Track;
  sniffed: SniffedAudio;
  info: AudioInfo;
  byteSize: number;
  sha256: string | null;
  /** The admin's fields as finally sent (API upload), or null when they were applied at the start (direct upload). */
  fields: { title?: string; artist?: string | null } | null;
}

const bounded = (text: string | null): string | null => (text === null ? null : text.slice(0, 1000));

/**
 * Marks a stored track ready with what its bytes say. Title: the admin's, else the tag's, else the file name;
 * artist: the admin's, else the tag's. Throws when the track vanished meanwhile (its set or the track itself
 * was deleted during the upload); the caller then removes the object.
 */
export const finishTrack = async (deps: MusicRowsDeps, input: FinishTrackInput): Promise<Track> => {
  const { track, info, fields } = input;
  const defaultTitle = titleFromFilename(track.originalFilename);
  const tagTitle = bounded(info.title);
  const tagArtist = bounded(info.artist);
  const title = fields ? (fields.title ?? tagTitle ?? defaultTitle) : track.title === defaultTitle && tagTitle ? tagTitle : undefined;
  const artist = fields ? (fields.artist !== undefined ? fields.artist : tagArtist) : track.artist === null && tagArtist ? tagArtist : undefined;
  const ready = await deps.music.markTrackReady(
    track.id,
    {
      durationMs: info.durationMs,
      contentType: input.sniffed.mime,
      byteSize: input.byteSize,
      sha256: input.sha256,
      ...(title !== undefined ? { title } : {}),
      ...(artist !== undefined ? { artist } : {}),
    },
    deps.clock.now(),
  );
  if (ready) return ready;
  if (!(await deps.music.findSet(track.setId, []))) throw musicSetNotFound();
  throw trackDeletedDuringUpload();
};
