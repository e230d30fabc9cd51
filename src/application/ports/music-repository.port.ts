import type { Visibility } from '../../domain/image.ts';
import type { MusicSet, MusicSetWithTracks, Track, TrackStatus, UploadSession } from '../../domain/music.ts';

export type NewMusicSet = Omit<MusicSet, 'updatedAt'>;
export type NewTrack = Omit<Track, 'position' | 'status' | 'updatedAt' | 'durationMs'> & { durationMs?: number | null };

export interface MusicSetListQuery {
  visibility?: Visibility;
  /** Which tracks to embed (members: ready only). */
  trackStatuses: TrackStatus[];
  /** Embed at most this many tracks per set (the first by position); `totals` still counts all of them. */
  tracksPerSet: number;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** How much one admin may have open at once in direct uploads: sessions, and the bytes they declared. */
export interface OpenUploadQuota {
  uploads: number;
  bytes: number;
}

export interface MusicSetPatch {
  title?: string;
  description?: string | null;
  visibility?: Visibility;
}

export interface TrackPatch {
  title?: string;
  artist?: string | null;
  /** 1..n; the other tracks are renumbered so positions stay 1..n. */
  position?: number;
}

export interface ReadyTrackInfo {
  durationMs: number | null;
  contentType: string;
  byteSize: number;
  title?: string;
  artist?: string | null;
  sha256?: string | null;
}

export interface MusicRepository {
  createSet(set: NewMusicSet): Promise<MusicSet>;
  /** The set with its tracks of the given statuses, ordered by position; null if none. */
  findSet(id: string, trackStatuses: TrackStatus[]): Promise<MusicSetWithTracks | null>;
  /** One SQL query per page, newest first, tracks embedded. */
  listSets(query: MusicSetListQuery): Promise<MusicSetWithTracks[]>;
  updateSet(id: string, patch: MusicSetPatch, at: Date): Promise<MusicSet | null>;
  /**
   * In one transaction: deletes the set, all its tracks and upload sessions, and enqueues every track
   * object key. Returns the upload sessions that were open (so their multipart uploads can be aborted),
   * or null if the set did not exist.
   */
  deleteSetAndEnqueue(id: string, at: Date): Promise<{ sessions: UploadSession[] } | null>;

  /**
   * Inserts an `uploading` track at the end of the set (position n+1, under a lock on the set row).
   * With `session`, also inserts the upload session in the same transaction. Null if the set is gone.
   * With `quota`, the session's creator's open sessions, counted under a lock per creator in the same
   * transaction, must stay within it; otherwise `'quota-exceeded'` and nothing is written.
   */
  insertTrack(track: NewTrack, session?: Omit<UploadSession, 'trackId' | 'setId'>): Promise<Track | null>;
  insertTrack(track: NewTrack, session: Omit<UploadSession, 'trackId' | 'setId'>, quota: OpenUploadQuota): Promise<Track | null | 'quota-exceeded'>;
  /** uploading -> ready; also removes the track's upload session in the same transaction. Null if the row is gone. */
  markTrackReady(id: string, info: ReadyTrackInfo, at: Date): Promise<Track | null>;
  findTrack(id: string): Promise<(Track & { setVisibility: Visibility }) | null>;
  /** Position moves renumber the other tracks atomically (no duplicates, no gaps). Null if not found. */
  updateTrack(id: string, patch: TrackPatch, at: Date): Promise<Track | null>;
  /**
   * In one transaction: deletes the track (and its upload session, returned so the multipart upload can
   * be aborted), renumbers the rest, enqueues the object key. Null if not found.
   */
  deleteTrackAndEnqueue(id: string, at: Date): Promise<{ track: Track; session: UploadSession | null } | null>;
  /** Of the given track ids, those with a row. */
  existingTrackIds(ids: string[]): Promise<Set<string>>;
  /** A ready track in the set with the same checksum, for duplicate detection. */
  findTrackBySha256(setId: string, sha256: string): Promise<Track | null>;

  findSession(uploadId: string): Promise<UploadSession | null>;
  /**
   * Records activity on an unfinished upload (parts signed or listed, bytes streaming through the API), so
   * the sweeper does not take a long upload for an abandoned one. No-op for a track that is not uploading.
   */
  touchUpload(trackId: string, at: Date): Promise<void>;
  /** Sessions with no activity since the cutoff (abandoned uploads), oldest first. */
  findStaleSessions(olderThan: Date, limit: number): Promise<UploadSession[]>;
  /** `uploading` tracks without a session and with no activity since the cutoff (crashed API uploads). */
  findStaleUploadingTracks(olderThan: Date, limit: number): Promise<Track[]>;
  /** Of the given upload ids, those with a session row. */
  existingSessionIds(uploadIds: string[]): Promise<Set<string>>;
}
