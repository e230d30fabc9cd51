import { errorText, type Api } from './api.ts';
import { announce, h, visibilitySelect } from './dom.ts';
import type { MusicSet, Track } from './types.ts';

const textOrNull = (value: FormDataEntryValue | null): string | null => {
  const text = String(value ?? '').trim();
  return text === '' ? null : text;
};

const attempt = async (what: string, action: () => Promise<unknown>, onDone?: () => void): Promise<void> => {
  try {
    await action();
    announce(`${what}.`);
    onDone?.();
  } catch (error) {
    announce(`${what} failed: ${errorText(error)}`, 'error');
  }
};

export const newSetForm = (api: Api, onCreated: () => void): HTMLFormElement => {
  const form = h(
    'form',
    { class: 'editor new-set', 'aria-label': 'New music set' },
    h('h3', {}, 'New music set'),
    h('label', { class: 'field' }, h('span', {}, 'Title'), h('input', { name: 'title', required: true, maxlength: 500 })),
    h('label', { class: 'field' }, h('span', {}, 'Description'), h('input', { name: 'description', maxlength: 5000 })),
    visibilitySelect('Visibility', 'private'),
    h('button', { type: 'submit' }, 'Create set'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { title: String(data.get('title')).trim(), description: textOrNull(data.get('description')), visibility: data.get('visibility') };
    void attempt(
      `Created “${body.title}”`,
      () => api.send('POST', '/v1/admin/music-sets', body),
      () => {
        form.reset();
        onCreated();
      },
    );
  });
  return form;
};

export const setEditor = (api: Api, set: MusicSet, onChange: () => void): HTMLElement => {
  const form = h(
    'form',
    { class: 'editor', 'aria-label': `Edit set ${set.title}` },
    h('label', { class: 'field' }, h('span', {}, 'Set title'), h('input', { name: 'title', value: set.title, required: true, maxlength: 500 })),
    visibilitySelect('Visibility', set.visibility),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit' }, 'Save set'),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: () => {
            if (confirm(`Delete the set “${set.title}” and all its tracks?`))
              void attempt(`Deleted “${set.title}”`, () => api.send('DELETE', `/v1/admin/music-sets/${set.id}`), onChange);
          },
        },
        'Delete set',
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    void attempt(
      `Saved “${String(data.get('title'))}”`,
      () => api.send('PATCH', `/v1/admin/music-sets/${set.id}`, { title: String(data.get('title')).trim(), visibility: data.get('visibility') }),
      onChange,
    );
  });
  return form;
};

/** Title, move up/down (the service renumbers the others) and delete, per track. */
export const trackEditor = (api: Api, set: MusicSet, track: Track, onChange: () => void): HTMLElement => {
  const move = (position: number) =>
    attempt(`Moved “${track.title}” to position ${position}`, () => api.send('PATCH', `/v1/admin/tracks/${track.id}`, { position }), onChange);
  const form = h(
    'form',
    { class: 'editor track-editor', 'aria-label': `Edit track ${track.title}` },
    h('label', { class: 'field' }, h('span', {}, 'Track title'), h('input', { name: 'title', value: track.title, required: true, maxlength: 500 })),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', 'aria-label': `Move ${track.title} up`, disabled: track.position <= 1, onclick: () => void move(track.position - 1) }, '↑'),
      h(
        'button',
        {
          type: 'button',
          'aria-label': `Move ${track.title} down`,
          disabled: track.position >= set.tracks.length,
          onclick: () => void move(track.position + 1),
        },
        '↓',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: () => {
            if (confirm(`Delete the track “${track.title}”?`))
              void attempt(`Deleted “${track.title}”`, () => api.send('DELETE', `/v1/admin/tracks/${track.id}`), onChange);
          },
        },
        'Delete',
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const title = String(new FormData(form).get('title')).trim();
    void attempt(`Saved “${title}”`, () => api.send('PATCH', `/v1/admin/tracks/${track.id}`, { title }), onChange);
  });
  return form;
};
