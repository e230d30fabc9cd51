import { errorText, type Api } from './api.ts';
import { announce, formatDuration, h } from './dom.ts';
import type { Player } from './player.ts';
import type { MusicSet, Page, Role, Track } from './types.ts';
import { setEditor, trackEditor } from './admin-music.ts';

interface DownloadUrl {
  url: string;
  filename: string;
}

/** The presigned URL answers with Content-Disposition: attachment, so following it saves the file and keeps the page. */
const download = async (api: Api, track: Track): Promise<void> => {
  try {
    const { url, filename } = await api.get<DownloadUrl>(`/v1/tracks/${track.id}/download`);
    const link = h('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    announce(`Could not download ${track.title}: ${errorText(error)}`, 'error');
  }
};

/** `canPlay`: the streaming phase is on (an admin may manage sets before members can play them). */
export const mountMusic = (root: HTMLElement, api: Api, role: Role, player: Player, canPlay: boolean): { reload(): Promise<void>; sets(): MusicSet[] } => {
  const list = h('div', { class: 'sets' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more sets');
  const empty = h('p', { class: 'empty', hidden: true }, 'No music yet.');
  root.append(list, empty, more);
  let cursor: string | null = null;
  let loaded: MusicSet[] = [];
  const listPath = role === 'admin' ? '/v1/admin/music-sets' : '/v1/music-sets';

  const trackRow = (set: MusicSet, track: Track): HTMLLIElement => {
    const ready = (track.status ?? 'ready') === 'ready';
    const playable = set.tracks.filter((t) => (t.status ?? 'ready') === 'ready');
    const info = h(
      'span',
      { class: 'track-info' },
      h('span', { class: 'track-title' }, track.title),
      track.artist ? h('span', { class: 'track-artist' }, ` — ${track.artist}`) : null,
      h('span', { class: 'track-duration' }, ` ${formatDuration(track.durationMs)}`),
      ready ? null : h('span', { class: 'badge' }, ` ${track.status}`),
    );
    return h(
      'li',
      { class: 'track', 'data-track-id': track.id },
      canPlay
        ? h(
            'button',
            {
              type: 'button',
              class: 'play',
              disabled: !ready,
              'aria-label': `Play ${track.title}`,
              onclick: () => void player.play(playable, playable.indexOf(track)),
            },
            '▶',
          )
        : null,
      info,
      canPlay
        ? h(
            'button',
            { type: 'button', class: 'download', disabled: !ready, 'aria-label': `Download ${track.title}`, onclick: () => void download(api, track) },
            'Download',
          )
        : null,
      role === 'admin' ? trackEditor(api, set, track, () => void reload()) : null,
    );
  };

  const setCard = (set: MusicSet): HTMLElement =>
    h(
      'article',
      { class: 'set', 'data-set-id': set.id, 'aria-labelledby': `set-${set.id}` },
      h('h3', { id: `set-${set.id}` }, set.title, role === 'admin' && set.visibility === 'private' ? h('span', { class: 'badge' }, ' private') : null),
      h('p', { class: 'meta' }, `${set.trackCount} track${set.trackCount === 1 ? '' : 's'} · ${formatDuration(set.totalDurationMs)}`),
      set.description ? h('p', { class: 'description' }, set.description) : null,
      role === 'admin' ? setEditor(api, set, () => void reload()) : null,
      h('ol', { class: 'tracks' }, ...set.tracks.map((t) => trackRow(set, t))),
    );

  const loadPage = async (reset: boolean): Promise<void> => {
    const query = new URLSearchParams({ limit: '50' });
    if (!reset && cursor) query.set('cursor', cursor);
    try {
      const page = await api.get<Page<MusicSet>>(`${listPath}?${query}`);
      // Lists embed only a set's first tracks; a longer set is fetched whole so that every track can be played.
      const items = await Promise.all(page.items.map((set) => (set.tracksTruncated ? api.get<MusicSet>(`${listPath}/${set.id}`) : set)));
      loaded = reset ? items : [...loaded, ...items];
      if (reset) list.replaceChildren();
      list.append(...items.map(setCard));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      empty.hidden = loaded.length > 0;
      root.dispatchEvent(new CustomEvent('sets-changed'));
    } catch (error) {
      announce(`Could not load music: ${errorText(error)}`, 'error');
    }
  };
  const reload = () => loadPage(true);
  more.addEventListener('click', () => void loadPage(false));
  return { reload, sets: () => loaded };
};
