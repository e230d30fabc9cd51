import type { InjectionToken } from 'tsyringe';
import { GetMusicSet } from '../../application/use-cases/music/sets/get-music-set.use-case.ts';
import { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
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
 * repository, which is why configuration refuses `streaming` without `music`; the member reads of sets are
 * registered here, since only this area serves them.
 */
export const streamingModule: AreaModule = {
  register(c) {
    const config = c.resolve(TOKENS.config);
    const T = STREAMING_TOKENS;
    registerOnce(
      c,
      MUSIC_TOKENS.listPublishedSets,
      (r) => new ListMusicSets({ music: r.resolve(MUSIC_TOKENS.music), cursors: r.resolve(TOKENS.cursors), audience: 'member' }),
    );
    registerOnce(c, MUSIC_TOKENS.getPublishedSet, (r) => new GetMusicSet({ music: r.resolve(MUSIC_TOKENS.music), audience: 'member' }));
    registerOnce(
      c,
      T.issueStreamUrl,
      (r) =>
        new IssueStreamUrl({
          music: r.resolve(MUSIC_TOKENS.music),
          urls: r.resolve(TOKENS.urls),
          clock: r.resolve(TOKENS.clock),
          minTtlSeconds: config.URL_TTL_SECONDS,
        }),
    );
    registerOnce(
      c,
      T.issueDownloadUrl,
      (r) => new IssueDownloadUrl({ music: r.resolve(MUSIC_TOKENS.music), urls: r.resolve(TOKENS.urls), ttlSeconds: config.URL_TTL_SECONDS }),
    );
  },
  routers(c) {
    return [
      {
        router: createMusicMemberRouter({
          listMusicSets: c.resolve(MUSIC_TOKENS.listPublishedSets),
          getMusicSet: c.resolve(MUSIC_TOKENS.getPublishedSet),
          issueStreamUrl: c.resolve(STREAMING_TOKENS.issueStreamUrl),
          issueDownloadUrl: c.resolve(STREAMING_TOKENS.issueDownloadUrl),
          openapi: c.resolve(TOKENS.openapi),
        }),
      },
    ];
  },
};
