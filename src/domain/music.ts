import type { Visibility } from './image.ts';

/** `uploading`: row written, object not complete. `ready`: playable. `deleting`: row kept until its object is gone. */
export type TrackStatus = 'uploading' | 'ready' | 'deleting';

export interface MusicSet {
  id: string;
  title: string;
  description: string | null;
  visibility: Visibility;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Track {
  id: string;
  setId: string;
  /** 1..n within the set, no gaps, no duplicates. */
  position: number;
  title: string;
  artist: string | null;
  durationMs: number | null;
  contentType: string;
  byteSize: number;
  originalFilename: string;
  sha256: string | null;
  status: TrackStatus;
  uploadedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MusicSetWithTracks extends MusicSet {
  /** Ordered by position. */
  tracks: Track[];
  /** Set when `tracks` may hold only the first of them (list views): counted over all of them. */
  totals?: { trackCount: number; totalDurationMs: number };
}

/** A direct-to-store multipart upload of one track. */
export interface UploadSession {
  uploadId: string;
  trackId: string;
  setId: string;
  objectKey: string;
  partSize: number;
  partCount: number;
  byteSize: number;
  contentType: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}
