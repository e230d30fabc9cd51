import { describe, expect, it } from 'vitest';
import { canPlayTrack, canSeeImage, canSeeSet, readScope, requireAdmin } from '../../src/domain/access-policy.ts';
import type { Actor } from '../../src/domain/actor.ts';

const admin: Actor = { sub: 'a', role: 'admin' };
const member: Actor = { sub: 'm', role: 'member' };

describe('access policy', () => {
  it('refuses the admin view to members and gives admins either view', () => {
    expect(() => readScope(member, 'admin')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requireAdmin(member)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requireAdmin(admin)).not.toThrow();
    expect(readScope(admin, 'admin').audience).toBe('admin');
    // An admin on a member route sees exactly what a member sees.
    expect(readScope(admin, 'member')).toEqual(readScope(member, 'member'));
  });

  it('limits members to public, finished items and never to image originals', () => {
    const scope = readScope(member, 'member');
    expect(scope).toMatchObject({ visibility: 'public', imageStatuses: ['ready'], trackStatuses: ['ready'] });
    expect(scope.mayReadImageOriginals).toBe(false);
    expect(scope.showsAdminFields).toBe(false);
    expect(canSeeImage(scope, { visibility: 'public', status: 'ready' })).toBe(true);
    expect(canSeeImage(scope, { visibility: 'public', status: 'pending' })).toBe(false);
    expect(canSeeImage(scope, { visibility: 'private', status: 'ready' })).toBe(false);
    expect(canSeeSet(scope, { visibility: 'public' })).toBe(true);
    expect(canSeeSet(scope, { visibility: 'private' })).toBe(false);
  });

  it('shows admins every state, every visibility, and originals', () => {
    const scope = readScope(admin, 'admin');
    expect(scope.visibility).toBeUndefined();
    expect(scope.imageStatuses).toEqual(['pending', 'ready']);
    expect(scope.trackStatuses).toEqual(['uploading', 'ready', 'deleting']);
    expect(scope.mayReadImageOriginals).toBe(true);
    expect(canSeeImage(scope, { visibility: 'private', status: 'pending' })).toBe(true);
    expect(canSeeSet(scope, { visibility: 'private' })).toBe(true);
  });

  it('plays only ready tracks, and tracks of private sets only for admins', () => {
    for (const status of ['uploading', 'deleting'] as const) {
      expect(canPlayTrack(admin, { status, setVisibility: 'public' })).toBe(false);
    }
    expect(canPlayTrack(member, { status: 'ready', setVisibility: 'public' })).toBe(true);
    expect(canPlayTrack(member, { status: 'ready', setVisibility: 'private' })).toBe(false);
    expect(canPlayTrack(admin, { status: 'ready', setVisibility: 'private' })).toBe(true);
  });
});
