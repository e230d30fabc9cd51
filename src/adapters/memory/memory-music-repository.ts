import type {
  MusicRepository,
  MusicSetListQuery,
  MusicSetPatch,
  NewMusicSet,
  OpenUploadQuota,
  NewTrack,
  ReadyTrackInfo,
  TrackPatch,
} from '../../application/ports/music-repository.port.ts';
import { trackPositionOutOfRange } from '../../domain/errors/music.errors.ts';
import type { Visibility } from '../../domain/image.ts';
import type { MusicSet, MusicSetWithTracks, Track, TrackStatus, UploadSession } from '../../domain/music.ts';
import { trackKey } from '../../domain/object-keys.ts';
import type { MemoryDeletionQueue } from './memory-deletion-queue.ts';
import { isUuid } from '../../domain/ids.ts';

interface SessionRow extends Omit<UploadSession, 'setId'> {
  lastActivityAt: Date | null;
}

const newestFirst = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const copySet = (set: MusicSet): MusicSet => ({ ...set, createdAt: new Date(set.createdAt), updatedAt: new Date(set.updatedAt) });
const copyTrack = (track: Track): Track => ({ ...track, createdAt: new Date(track.createdAt), updatedAt: new Date(track.updatedAt) });

/**
 * Sets, tracks and upload sessions in memory, for use-case tests. Every method does its work in one
 * synchronous step, which gives what the PostgreSQL adapter gets from its set lock and transactions:
 * positions stay 1..n under concurrent calls, and a delete queues its keys in the same step. The contract
 * suite (test/contract/music-repository.contract.ts) holds both adapters to the same behaviour.
 */
export class MemoryMusicRepository implements MusicRepository {
  private readonly sets = new Map<string, MusicSet>();
  private readonly tracks = new Map<string, Track>();
  private readonly sessions = new Map<string, SessionRow>();
  private readonly queue: MemoryDeletionQueue;
  /** Calls that would be SQL round trips in the PostgreSQL adapter: one per method here. */
  statements = 0;

  constructor(queue: MemoryDeletionQueue) {
    this.queue = queue;
  }

  async createSet(set: NewMusicSet): Promise<MusicSet> {
    this.statements += 1;
    const row: MusicSet = { ...set, createdAt: new Date(set.createdAt), updatedAt: new Date(set.createdAt) };
    this.sets.set(set.id.toLowerCase(), row);
    return copySet(row);
  }

  async findSet(id: string, trackStatuses: TrackStatus[]): Promise<MusicSetWithTracks | null> {
    this.statements += 1;
    const set = this.set(id);
    return set ? this.withTracks(set, trackStatuses) : null;
  }

  async listSets(query: MusicSetListQuery): Promise<MusicSetWithTracks[]> {
    this.statements += 1;
    if (query.limit <= 0) return [];
    const after = query.after;
    return [...this.sets.values()]
      .filter((set) => query.visibility === undefined || set.visibility === query.visibility)
      .filter((set) => after === undefined || newestFirst(set, after) > 0)
      .sort(newestFirst)
      .slice(0, query.limit)
      .map((set) => {
        const all = this.withTracks(set, query.trackStatuses);
        const totals = { trackCount: all.tracks.length, totalDurationMs: all.tracks.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) };
        return { ...all, tracks: all.tracks.slice(0, query.tracksPerSet), totals };
      });
  }

  async updateSet(id: string, patch: MusicSetPatch, at: Date): Promise<MusicSet | null> {
    this.statements += 1;
    const set = this.set(id);
    if (!set) return null;
    for (const field of ['title', 'description', 'visibility'] as const) {
      if (patch[field] !== undefined) Object.assign(set, { [field]: patch[field] });
    }
    set.updatedAt = new Date(at);
    return copySet(set);
  }

  async deleteSetAndEnqueue(id: string, at: Date): Promise<{ sessions: UploadSession[] } | null> {
    this.statements += 1;
    const set = this.set(id);
    if (!set) return null;
    const trackIds = this.tracksOf(set.id).map((t) => t.id);
    const sessions = trackIds.flatMap((trackId) => this.takeSession(trackId) ?? []);
    for (const trackId of trackIds) this.tracks.delete(trackId.toLowerCase());
    this.queue.add(trackIds.map(trackKey), at);
    this.sets.delete(set.id.toLowerCase());
    return { sessions };
  }

  insertTrack(track: NewTrack, session?: Omit<UploadSession, 'trackId' | 'setId'>): Promise<Track | null>;
  insertTrack(track: NewTrack, session: Omit<UploadSession, 'trackId' | 'setId'>, quota: OpenUploadQuota): Promise<Track | null | 'quota-exceeded'>;
  async insertTrack(track: NewTrack, session?: Omit<UploadSession, 'trackId' | 'setId'>, quota?: OpenUploadQuota): Promise<Track | null | 'quota-exceeded'> {
    this.statements += 1;
    const set = this.set(track.setId);
    if (!set) return null;
    if (session && quota) {
      const open = [...this.sessions.values()].filter((s) => s.createdBy === session.createdBy);
      const bytes = open.reduce((sum, s) => sum + s.byteSize, 0);
      if (open.length + 1 > quota.uploads || bytes + session.byteSize > quota.bytes) return 'quota-exceeded';
    }
    const row: Track = {
      ...track,
      setId: set.id,
      durationMs: track.durationMs ?? null,
      position: this.tracksOf(set.id).length + 1,
      status: 'uploading',
      createdAt: new Date(track.createdAt),
      updatedAt: new Date(track.createdAt),
    };
    this.tracks.set(track.id.toLowerCase(), row);
    if (session) this.sessions.set(session.uploadId, { ...session, trackId: track.id, lastActivityAt: null });
    return copyTrack(row);
  }

  async markTrackReady(id: string, info: ReadyTrackInfo, at: Date): Promise<Track | null> {
    this.statements += 1;
    const track = this.track(id);
    if (!track) return null;
    if (track.status === 'uploading') {
      Object.assign(track, { status: 'ready', updatedAt: new Date(at), durationMs: info.durationMs, contentType: info.contentType, byteSize: info.byteSize });
      if (info.title !== undefined) track.title = info.title;
      if (info.artist !== undefined) track.artist = info.artist;
      if (info.sha256 !== undefined) track.sha256 = info.sha256;
    }
    this.takeSession(track.id);
    return track.status === 'ready' ? copyTrack(track) : null;
  }

  async findTrack(id: string): Promise<(Track & { setVisibility: Visibility }) | null> {
    this.statements += 1;
    const track = this.track(id);
    const set = track ? this.set(track.setId) : undefined;
    return track && set ? { ...copyTrack(track), setVisibility: set.visibility } : null;
  }

  async updateTrack(id: string, patch: TrackPatch, at: Date): Promise<Track | null> {
    this.statements += 1;
    const track = this.track(id);
    if (!track) return null;
    if (patch.position !== undefined) this.move(track, patch.position);
    if (patch.title !== undefined) track.title = patch.title;
    if (patch.artist !== undefined) track.artist = patch.artist;
    track.updatedAt = new Date(at);
    return copyTrack(track);
  }

  async deleteTrackAndEnqueue(id: string, at: Date): Promise<{ track: Track; session: UploadSession | null } | null> {
    this.statements += 1;
    const track = this.track(id);
    if (!track) return null;
    const session = this.takeSession(track.id);
    this.tracks.delete(track.id.toLowerCase());
    for (const other of this.tracksOf(track.setId)) if (other.position > track.position) other.position -= 1;
    this.queue.add([trackKey(track.id)], at);
    return { track: copyTrack(track), session };
  }

  async existingTrackIds(ids: string[]): Promise<Set<string>> {
    this.statements += 1;
    return new Set(ids.filter((id) => this.track(id) !== undefined).map((id) => id.toLowerCase()));
  }

  async findTrackBySha256(setId: string, sha256: string): Promise<Track | null> {
    this.statements += 1;
    const found = this.tracksOf(setId).find((t) => t.status === 'ready' && t.sha256 === sha256.toLowerCase());
    return found ? copyTrack(found) : null;
  }

  async findSession(uploadId: string): Promise<UploadSession | null> {
    this.statements += 1;
    const session = this.sessions.get(uploadId);
    return session ? this.sessionView(session) : null;
  }

  async touchUpload(trackId: string, at: Date): Promise<void> {
    this.statements += 1;
    const track = this.track(trackId);
    if (track?.status !== 'uploading') return;
    track.updatedAt = new Date(at);
    for (const session of this.sessions.values()) if (session.trackId === track.id) session.lastActivityAt = new Date(at);
  }

  async findStaleSessions(olderThan: Date, limit: number): Promise<UploadSession[]> {
    this.statements += 1;
    return [...this.sessions.values()]
      .filter((s) => (s.lastActivityAt ?? s.createdAt) < olderThan)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.uploadId.localeCompare(b.uploadId))
      .slice(0, limit)
      .map((s) => this.sessionView(s));
  }

  async findStaleUploadingTracks(olderThan: Date, limit: number): Promise<Track[]> {
    this.statements += 1;
    const withSession = new Set([...this.sessions.values()].map((s) => s.trackId));
    return [...this.tracks.values()]
      .filter((t) => t.status === 'uploading' && t.updatedAt < olderThan && !withSession.has(t.id))
      .sort((a, b) => -newestFirst(a, b))
      .slice(0, limit)
      .map(copyTrack);
  }

  async existingSessionIds(uploadIds: string[]): Promise<Set<string>> {
    this.statements += 1;
    return new Set(uploadIds.filter((id) => this.sessions.has(id)));
  }

  /** For tests: a status no port method sets on its own (`deleting`). */
  setTrackStatus(id: string, status: TrackStatus): void {
    const track = this.track(id);
    if (track) track.status = status;
  }

  private set(id: string): MusicSet | undefined {
    return isUuid(id) ? this.sets.get(id.toLowerCase()) : undefined;
  }

  private track(id: string): Track | undefined {
    return isUuid(id) ? this.tracks.get(id.toLowerCase()) : undefined;
  }

  private tracksOf(setId: string): Track[] {
    return [...this.tracks.values()].filter((t) => t.setId.toLowerCase() === setId.toLowerCase()).sort((a, b) => a.position - b.position);
  }

  private withTracks(set: MusicSet, statuses: TrackStatus[]): MusicSetWithTracks {
    return {
      ...copySet(set),
      tracks: this.tracksOf(set.id)
        .filter((t) => statuses.includes(t.status))
        .map(copyTrack),
    };
  }

  private sessionView(session: SessionRow): UploadSession {
    const { lastActivityAt: _activity, ...rest } = session;
    const setId = this.tracks.get(session.trackId.toLowerCase())?.setId ?? '';
    return { ...rest, setId, createdAt: new Date(rest.createdAt), expiresAt: new Date(rest.expiresAt) };
  }

  private takeSession(trackId: string): UploadSession | null {
    for (const [uploadId, session] of this.sessions) {
      if (session.trackId.toLowerCase() !== trackId.toLowerCase()) continue;
      const view = this.sessionView(session);
      this.sessions.delete(uploadId);
      return view;
    }
    return null;
  }

  /** A position outside 1..n is refused rather than clamped, exactly as the PostgreSQL adapter does. */
  private move(track: Track, to: number): void {
    const siblings = this.tracksOf(track.setId);
    const n = siblings.length;
    if (!Number.isSafeInteger(to) || to < 1 || to > n) {
      throw trackPositionOutOfRange(n);
    }
    const from = track.position;
    for (const other of siblings) {
      if (other.id === track.id) continue;
      if (to < from && other.position >= to && other.position < from) other.position += 1;
      if (to > from && other.position <= to && other.position > from) other.position -= 1;
    }
    track.position = to;
  }
}
