import { createApi } from './api.ts';
import { mountImageUploader } from './admin-images.ts';
import { newSetForm } from './admin-music.ts';
import { announce, byId } from './dom.ts';
import { mountGallery } from './gallery.ts';
import { mountMusic } from './music.ts';
import { Player } from './player.ts';
import { forgetToken, readToken, saveToken, savedToken, takeTokenFromFragment } from './token.ts';

/** The service is mounted one level above the page (`{base}app/`), so it also works under a prefix. */
const serviceBase = (): URL => new URL('../', location.href.split('#')[0]);

const roleClaim = (): string => document.querySelector<HTMLMetaElement>('meta[name="role-claim"]')?.content || 'role';

const showSignIn = (message?: string): void => {
  byId('sign-in').hidden = false;
  byId('content').hidden = true;
  byId('sign-out').hidden = true;
  byId('who').textContent = '';
  if (message) announce(message, 'error');
  byId<HTMLTextAreaElement>('token-input').focus();
};

const signOut = (): void => {
  forgetToken();
  location.reload();
};

const start = (token: string): boolean => {
  const info = readToken(token, roleClaim());
  if (!info) {
    showSignIn('That does not look like an access token for this service (no admin or member role in it).');
    return false;
  }
  if (info.expiresAt && info.expiresAt.getTime() < Date.now()) {
    forgetToken();
    showSignIn('That token has expired: get a fresh one from the ticketing site.');
    return false;
  }
  saveToken(token);
  const base = serviceBase();
  const api = createApi(base, token, () => {
    forgetToken();
    showSignIn('Your session has ended (the token was refused): sign in again.');
  });
  document.body.dataset.role = info.role;
  byId('sign-in').hidden = true;
  byId('content').hidden = false;
  byId('sign-out').hidden = false;
  byId('who').textContent = info.role === 'admin' ? 'Signed in as admin' : 'Signed in as member';

  const player = new Player(api);
  const gallery = mountGallery(byId('gallery-body'), api, info.role);
  const music = mountMusic(byId('music-body'), api, info.role, player);
  if (info.role === 'admin') {
    byId('gallery-admin').hidden = false;
    byId('music-admin').hidden = false;
    mountImageUploader(byId('gallery-admin'), api, () => void gallery.reload());
    byId('music-admin').append(newSetForm(api, () => void music.reload()));
    // Uppy is the heaviest part of the bundle, and only admins need it.
    void import('./track-uploader.ts').then(({ mountTrackUploader }) => {
      const uploader = mountTrackUploader(byId('music-admin'), base, token, () => void music.reload());
      uploader.setSets(music.sets());
      byId('music-body').addEventListener('sets-changed', () => uploader.setSets(music.sets()));
    });
  }
  void gallery.reload();
  void music.reload();
  return true;
};

const main = (): void => {
  byId('sign-out').addEventListener('click', () => signOut());
  byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = byId<HTMLTextAreaElement>('token-input').value.trim().replace(/^Bearer\s+/i, '');
    if (value) start(value);
  });
  const token = takeTokenFromFragment() ?? savedToken();
  if (token) start(token);
  else showSignIn();
};

main();
