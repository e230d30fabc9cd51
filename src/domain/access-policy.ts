import type { Actor } from './actor.ts';
import { forbidden } from './errors/common.errors.ts';
import type { Image, ImageStatus, Visibility } from './image.ts';
import type { MusicSet, Track, TrackStatus } from './music.ts';

/**
 * Who may see what — the one place that decides it. Every read use case asks this module; repositories
 * only apply the filters it hands them, and presenters only show what it allows.
 *
 * The rules:
 * - Members see what is published: public images that are fully stored, public sets with their playable
 *   tracks. Anything else is reported as "not found", so a member cannot tell hidden from non-existent.
 * - Admins see everything, in every state, and may read originals (the uploaded image file). Members never
 *   get an image original; for tracks the original is what is played, so they may.
 * - An admin reading through the member routes gets exactly the member view (to check what members see);
 *   a member asking for the admin view is refused.
 */
export type Audience = 'admin' | 'member';

/** What one read may return, decided once per request and passed to repositories and presenters. */
export interface ReadScope {
  readonly audience: Audience;
  /** Image states a list returns. */
  readonly imageStatuses: readonly ImageStatus[];
  /** Track states a set view or list embeds. */
  readonly trackStatuses: readonly TrackStatus[];
  /** Visibility a list is limited to (`undefined`: every visibility). */
  readonly visibility: Visibility | undefined;
  /** Whether the view may carry the uploaded original of an image. */
  readonly mayReadImageOriginals: boolean;
  /** Whether the view carries admin-only fields (status, uploader, byte sizes, hashes). */
  readonly showsAdminFields: boolean;
}

const MEMBER_SCOPE: ReadScope = Object.freeze({
  audience: 'member',
  imageStatuses: Object.freeze(['ready'] as const),
  trackStatuses: Object.freeze(['ready'] as const),
  visibility: 'public',
  mayReadImageOriginals: false,
  showsAdminFields: false,
});

const ADMIN_SCOPE: ReadScope = Object.freeze({
  audience: 'admin',
  imageStatuses: Object.freeze(['pending', 'ready'] as const),
  trackStatuses: Object.freeze(['uploading', 'ready', 'deleting'] as const),
  visibility: undefined,
  mayReadImageOriginals: true,
  showsAdminFields: true,
});

/** Every write, and every admin read, starts here. */
export const requireAdmin = (actor: Actor): void => {
  if (actor.role !== 'admin') throw forbidden();
};

/** The scope of `actor` reading as `audience`: members may not read as admins; admins may read as members. */
export const readScope = (actor: Actor, audience: Audience): ReadScope => {
  if (audience === 'member') return MEMBER_SCOPE;
  requireAdmin(actor);
  return ADMIN_SCOPE;
};

/** One image by id: admins see it in any state; members only when public and fully stored. */
export const canSeeImage = (scope: ReadScope, image: Pick<Image, 'visibility' | 'status'>): boolean =>
  scope.audience === 'admin' || (image.visibility === 'public' && image.status === 'ready');

/** One set by id: admins see every set; members public ones. */
export const canSeeSet = (scope: ReadScope, set: Pick<MusicSet, 'visibility'>): boolean => scope.audience === 'admin' || set.visibility === 'public';

/**
 * A track whose bytes may be fetched (stream, download). It must be `ready` for everyone (an `uploading`
 * object is incomplete, a `deleting` one about to vanish); members also need its set to be public. Admins
 * may play tracks of private sets, to check them before publishing.
 */
export const canPlayTrack = (actor: Actor, track: Pick<Track, 'status'> & { setVisibility: Visibility }): boolean =>
  track.status === 'ready' && (actor.role === 'admin' || track.setVisibility === 'public');
