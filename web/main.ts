import { ApiError, createApi } from './api.ts';
import { mountImageUploader } from './admin-images.ts';
import { newSetForm } from './admin-music.ts';
import { announce, byId } from './dom.ts';
import { mountGallery } from './gallery.ts';
import { mountMusic } from './music.ts';
import { Player } from './player.ts';
import { forgetToken, readToken, saveToken, savedToken, takeTokenFromFragment } from './token.ts';
import type { Me } from './types.ts';

/** The service is mounted one level above the page (`{base}app/`), so it also works under a prefix. */
const serviceBase = (): URL => new URL('../', location.href.split('#')[0]);

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

const start = async (token: string): Promise<boolean> => {
  const info = readToken(token);
  if (!info) {
    showSignIn('That does not look like an access token.');
    return false;
  }
  if (info.expiresAt && info.expiresAt.getTime() < Date.now()) {
    forgetToken();
    showSignIn('That token has expired: get a fresh one from the ticketing site.');
    return false;
  }
  const base = serviceBase();
  let refused = false;
  const api = createApi(base, token, () => {
    refused = true;
    forgetToken();
    showSignIn('Your session has ended (the token was refused): sign in again.');
  });
  // The server decides the role (its claim rules, its role lists); the page only shows what it says.
  let me: Me;
  try {
    me = await api.get<Me>('/v1/me');
  } catch (error) {
    if (refused) return false;
    forgetToken();
    showSignIn(
      error instanceof ApiError && error.status === 403
        ? 'That token carries no role for this service (neither admin nor member).'
        : `Could not sign in: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
  saveToken(token);
  const has = (feature: Me['features'][number]) => me.features.includes(feature);
  // A phase that is off is absent from the page, as its routes are from the API.
  byId('gallery').hidden = !has('images');
  const musicShown = me.role === 'admin' ? has('music') : has('streaming');
  byId('music').hidden = !musicShown;
  document.body.dataset.role = me.role;
  byId('sign-in').hidden = true;
  byId('content').hidden = false;
  byId('sign-out').hidden = false;
  byId('who').textContent = me.role === 'admin' ? 'Signed in as admin' : 'Signed in as member';

  const player = new Player(api);
  const gallery = has('images') ? mountGallery(byId('gallery-body'), api, me.role) : null;
  const music = musicShown ? mountMusic(byId('music-body'), api, me.role, player, has('streaming')) : null;
  if (me.role === 'admin' && gallery) {
    byId('gallery-admin').hidden = false;
    mountImageUploader(byId('gallery-admin'), api, () => void gallery.reload());
  }
  if (me.role === 'admin' && music) {
    byId('music-admin').hidden = false;
    byId('music-admin').append(newSetForm(api, () => void music.reload()));
    // Uppy is the heaviest part of the bundle, and only admins need it.
    void import('./track-uploader.ts').then(({ mountTrackUploader }) => {
      const uploader = mountTrackUploader(byId('music-admin'), base, token, () => void music.reload());
      uploader.setSets(music.sets());
      byId('music-body').addEventListener('sets-changed', () => uploader.setSets(music.sets()));
    });
  }
  void gallery?.reload();
  void music?.reload();
  return true;
};

const main = (): void => {
  byId('sign-out').addEventListener('click', () => signOut());
  byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = byId<HTMLTextAreaElement>('token-input')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    if (value) void start(value);
  });
  const token = takeTokenFromFragment() ?? savedToken();
  if (token) void start(token);
  else showSignIn();
};

main();
