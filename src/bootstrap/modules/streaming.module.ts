import type { InjectionToken } from 'tsyringe';
import { IssueDownloadUrl } from '../../application/use-cases/streaming/issue-download-url.use-case.ts';
import { IssueStreamUrl } from '../../application/use-cases/streaming/issue-stream-url.use-case.ts';
import { createMusicMemberRouter } from '../../adapters/http/music-member.router.ts';
import { TOKENS } from '../tokens.ts';
import { registerOnce, type AreaModule } from './area-module.ts';
import { MUSIC_TOKENS } from './music.module.ts';

export const STREAMING_TOKENS = {
  issueStreamUrl: Symbol('IssueStreamUrl') as InjectionToken<IssueStreamUrl>,
  issueDownloadUrl: Symbol('IssueDownloadUrl') as InjectionToken<IssueDownloadUrl>,
} as const;

/**
 * Member music (FEATURES `streaming`): browse sets, stream and download tracks. Builds on the music area's
 * repository and set reads, which is why configuration refuses `streaming` without `music`.
 */
export const streamingModule: AreaModule = {
  register(c) {
    const config = c.resolve(TOKENS.config);
    const T = STREAMING_TOKENS;
    registerOnce(c, T.issueStreamUrl, (r) =>
      new IssueStreamUrl({
        music: r.resolve(MUSIC_TOKENS.music),
        store: r.resolve(TOKENS.store),
        clock: r.resolve(TOKENS.clock),
        minTtlSeconds: config.URL_TTL_SECONDS,
      }),
    );
    registerOnce(c, T.issueDownloadUrl, (r) => new IssueDownloadUrl(r.resolve(MUSIC_TOKENS.music), r.resolve(TOKENS.store), config.URL_TTL_SECONDS));
  },
  routers(c) {
    return [
      {
        router: createMusicMemberRouter({
          listMusicSets: c.resolve(MUSIC_TOKENS.listMusicSets),
          getMusicSet: c.resolve(MUSIC_TOKENS.getMusicSet),
          issueStreamUrl: c.resolve(STREAMING_TOKENS.issueStreamUrl),
          issueDownloadUrl: c.resolve(STREAMING_TOKENS.issueDownloadUrl),
          openapi: c.resolve(TOKENS.openapi),
        }),
      },
    ];
  },
};
