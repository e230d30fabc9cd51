import type { Actor } from '../../../domain/actor.ts';
import { trackKey } from '../../../domain/object-keys.ts';
import type { MusicRepository } from '../../ports/music-repository.port.ts';
import type { ObjectUrls } from '../../ports/object-urls.port.ts';
import { downloadFilename } from './download-filename.ts';
import { findPlayableTrack } from './playable-track.ts';

export interface DownloadUrl {
  url: string;
  expiresAt: string;
  /** The Unicode name the store's `Content-Disposition` offers (its `filename*`). */
  filename: string;
}

export interface IssueDownloadUrlDeps {
  music: MusicRepository;
  urls: ObjectUrls;
  /** URL_TTL_SECONDS. */
  ttlSeconds: number;
}

/**
 * A presigned GET whose response the store sends as an attachment named after the track (title plus the
 * extension of its stored type), with the stored type as Content-Type whatever the upload declared.
 */
export class IssueDownloadUrl {
  constructor(private readonly deps: IssueDownloadUrlDeps) {}

  async execute(actor: Actor, input: { trackId: string }): Promise<DownloadUrl> {
    const { music, urls, ttlSeconds } = this.deps;
    const track = await findPlayableTrack(music, actor, input.trackId);
    const name = downloadFilename({ title: track.title, contentType: track.contentType, originalFilename: track.originalFilename });
    const signed = await urls.presignGet(trackKey(track.id), {
      ttlSeconds,
      disposition: name.contentDisposition,
      contentType: track.contentType,
    });
    return { url: signed.url, expiresAt: signed.expiresAt.toISOString(), filename: name.filename };
  }
}
