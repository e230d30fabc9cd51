import type { DependencyContainer } from 'tsyringe';
import { GetMusicSet } from '../application/use-cases/music/get-music-set.use-case.ts';
import { IssueDownloadUrl } from '../application/use-cases/music/issue-download-url.use-case.ts';
import { IssueStreamUrl } from '../application/use-cases/music/issue-stream-url.use-case.ts';
import { ListMusicSets } from '../application/use-cases/music/list-music-sets.use-case.ts';
import type { RouterMount } from '../adapters/http/app-deps.ts';
import { createMemberMusicRouter } from '../adapters/http/member-music.router.ts';
import type { OpenApiRegistry } from '../adapters/http/openapi.ts';
import type { Config } from './config.ts';
import { TOKENS } from './container.ts';

/** Member music routes (issue 5): browse sets, stream and download tracks. */
export const memberMusicRouters = (c: DependencyContainer, config: Config, openapi: OpenApiRegistry): RouterMount[] => {
  const music = c.resolve(TOKENS.music);
  const store = c.resolve(TOKENS.store);
  const router = createMemberMusicRouter({
    listMusicSets: new ListMusicSets(music, c.resolve(TOKENS.cursors)),
    getMusicSet: new GetMusicSet(music),
    issueStreamUrl: new IssueStreamUrl({ music, store, clock: c.resolve(TOKENS.clock), minTtlSeconds: config.URL_TTL_SECONDS }),
    issueDownloadUrl: new IssueDownloadUrl(music, store, config.URL_TTL_SECONDS),
    openapi,
  });
  return [{ router }];
};
