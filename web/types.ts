import type { components } from './api-types.ts';

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
