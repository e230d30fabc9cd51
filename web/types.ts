export type Role = 'admin' | 'member';
export type Feature = 'images' | 'music' | 'streaming';

/** `GET /v1/me`: who the server takes the caller to be, and which phases it serves. */
export interface Me {
  sub: string;
  role: Role;
  features: Feature[];
}
export type Visibility = 'private' | 'public';

export interface Image {
  id: string;
  title: string | null;
  description: string | null;
  visibility: Visibility;
  width: number;
  height: number;
  status?: string;
  originalFilename?: string;
  urls?: { thumbnail: string; display: string; expiresAt: string; original?: string };
}

export interface Track {
  id: string;
  setId: string;
  position: number;
  title: string;
  artist: string | null;
  durationMs: number | null;
  contentType: string;
  byteSize: number;
  status?: 'uploading' | 'ready' | 'deleting';
}

export interface MusicSet {
  id: string;
  title: string;
  description: string | null;
  visibility: Visibility;
  trackCount: number;
  totalDurationMs: number;
  tracks: Track[];
  /** List views: `tracks` holds only the first of `trackCount`. */
  tracksTruncated?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
