import type { components, paths } from './api-types.ts';

/**
 * The page's names for the service's shapes. They come from web/api-types.ts, which is generated from the
 * document the service serves (`npm run generate:web-types`), so the page cannot drift from the API.
 */
type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type Role = Me['role'];
export type Feature = Me['features'][number];

export type Image = Schemas['Image'];
export type Visibility = Image['visibility'];

export type Track = Schemas['Track'];
export type MusicSet = Schemas['MusicSet'];
export type StreamUrl = Schemas['StreamUrl'];
export type DownloadUrl = Schemas['DownloadUrl'];
export type Problem = Schemas['Problem'];

/** Every list answers `{ items, nextCursor }`; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type ListBody<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never;
/** `Page` is written by hand for its type parameter; tsc fails here if the lists the service serves differ from it. */
export type PagesAreTheServedLists = [Assert<Equals<ListBody<'/v1/images'>, Page<Image>>>, Assert<Equals<ListBody<'/v1/music-sets'>, Page<MusicSet>>>];
