import type { Actor } from '../../../domain/actor.ts';
import { trackKey } from '../../../domain/object-keys.ts';
import type { Clock } from '../../ports/clock.port.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import type { PresignedUrl } from '../../ports/object-types.ts';
import type { ObjectUrls } from '../../ports/object-urls.port.ts';
import { findPlayableTrack } from './playable-track.ts';

export interface StreamUrl {
  url: string;
  expiresAt: string;
  contentType: string;
  byteSize: number;
}

export interface IssueStreamUrlDeps {
  music: MusicRepository;
  urls: ObjectUrls;
  clock: Clock;
  /** URL_TTL_SECONDS: no stream URL lives shorter than other URLs. */
  minTtlSeconds: number;
}

/** A stream URL outlives the track by this much, so a listener can pause and seek... */
const PLAYBACK_SLACK_SECONDS = 10 * 60;
/** ...but never lives longer than this. */
export const MAX_STREAM_URL_SECONDS = 12 * 3600;

/**
 * A presigned inline GET for an audio player. Its lifetime is the track's duration plus ten minutes, at least
 * URL_TTL_SECONDS, at most 12 h; a track of unknown duration gets the 12 h, since a player cannot renew a URL
 * mid-play. The store rounds lifetimes up to its signing window (so repeated requests share one cacheable
 * URL); when that would pass 12 h, the URL is signed again just short enough.
 */
export class IssueStreamUrl {
  constructor(private readonly deps: IssueStreamUrlDeps) {}

  async execute(actor: Actor, input: { trackId: string }): Promise<StreamUrl> {
    const track = await findPlayableTrack(this.deps.music, actor, input.trackId);
    const wanted =
      track.durationMs === null ? MAX_STREAM_URL_SECONDS : Math.max(Math.ceil(track.durationMs / 1000) + PLAYBACK_SLACK_SECONDS, this.deps.minTtlSeconds);
    const signed = await this.presignCapped(trackKey(track.id), track.contentType, Math.min(wanted, MAX_STREAM_URL_SECONDS));
    return { url: signed.url, expiresAt: signed.expiresAt.toISOString(), contentType: track.contentType, byteSize: track.byteSize };
  }

  private async presignCapped(key: string, contentType: string, ttlSeconds: number): Promise<PresignedUrl> {
    let ttl = ttlSeconds;
    for (let attempt = 0; ; attempt += 1) {
      const signed = await this.deps.urls.presignGet(key, { ttlSeconds: ttl, contentType });
      const limit = this.deps.clock.now().getTime() + MAX_STREAM_URL_SECONDS * 1000;
      const overshootSeconds = Math.ceil((signed.expiresAt.getTime() - limit) / 1000);
      // A window boundary crossed between signing and reading the clock can call for one more pass.
      if (overshootSeconds <= 0 || attempt === 2 || ttl - overshootSeconds < 1) return signed;
      ttl -= overshootSeconds;
    }
  }
}
