import { errorText, type Api } from './api.ts';
import { announce, h, visibilitySelect } from './dom.ts';
import type { Image } from './types.ts';

const PARALLEL = 3;

/** One request per file, so each image gets its own title (the API applies a title to every file of a request). */
const titleFromName = (name: string): string =>
  name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim()
    .slice(0, 500);

interface UploadAnswer {
  items?: Image[];
  failed?: { filename: string; code: string; detail: string }[];
}

/** Title and visibility under a thumbnail, saved with PATCH; delete asks first. */
export const imageEditor = (api: Api, image: Image, onChange: () => void): HTMLFormElement => {
  const label = image.title ?? image.originalFilename ?? 'image';
  const title = h('input', { name: 'title', value: image.title ?? '', maxlength: 500, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'editor', 'aria-label': `Edit ${label}` },
    h('label', { class: 'field' }, h('span', {}, 'Title'), title),
    visibilitySelect('Visibility', image.visibility),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'danger', onclick: () => void remove() }, 'Delete'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = String(data.get('title') ?? '').trim();
    api.send('PATCH', `/v1/admin/images/${image.id}`, { title: text === '' ? null : text, visibility: data.get('visibility') }).then(
      () => announce(`Saved “${text || label}”.`),
      (error: unknown) => announce(`Could not save: ${errorText(error)}`, 'error'),
    );
  });
  const remove = async () => {
    if (!confirm(`Delete “${label}”? This cannot be undone.`)) return;
    try {
      await api.send('DELETE', `/v1/admin/images/${image.id}`);
      announce(`Deleted “${label}”.`);
      onChange();
    } catch (error) {
      announce(`Could not delete: ${errorText(error)}`, 'error');
    }
  };
  return form;
};

/**
 * Drop zone and file picker: every file dropped or chosen is sent at once, a few requests in flight, so that
 * progress shows and one bad file only fails itself.
 */
export const mountImageUploader = (root: HTMLElement, api: Api, onUploaded: () => void): void => {
  const input = h('input', {
    type: 'file',
    id: 'image-files',
    multiple: true,
    accept: 'image/jpeg,image/png,image/webp,image/avif,image/gif',
    class: 'visually-hidden',
  });
  const progress = h('p', { class: 'upload-progress' });
  const zone = h(
    'div',
    { class: 'dropzone' },
    h('p', {}, 'Drop images here, or '),
    h('label', { for: 'image-files', class: 'button' }, 'choose images…'),
    input,
  );
  const form = h(
    'form',
    { class: 'uploader', 'aria-label': 'Upload images' },
    h('h3', {}, 'Upload images'),
    h('div', { class: 'row' }, visibilitySelect('Visibility of new images', 'public')),
    zone,
    progress,
  );
  root.append(form);

  const upload = async (files: File[]) => {
    const images = files.filter((f) => f.type.startsWith('image/') || f.type === '');
    if (images.length === 0) return;
    const visibility = String(new FormData(form).get('visibility'));
    let ok = 0;
    let settled = 0;
    const failures: string[] = [];
    const one = async (file: File) => {
      const body = new FormData();
      body.set('visibility', visibility);
      body.set('title', titleFromName(file.name));
      body.append('file', file, file.name);
      try {
        const answer = await api.send<UploadAnswer>('POST', '/v1/admin/images', body);
        ok += answer.items?.length ?? 0;
        for (const f of answer.failed ?? []) failures.push(`${f.filename}: ${f.detail}`);
      } catch (error) {
        failures.push(`${file.name}: ${errorText(error)}`);
      }
      settled += 1;
      progress.textContent = `Uploading… ${settled} of ${images.length} done.`;
    };
    progress.textContent = `Uploading ${images.length} image${images.length === 1 ? '' : 's'}…`;
    const queue = [...images];
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) await one(file);
      }),
    );
    progress.textContent = `Uploaded ${ok} of ${images.length} image${images.length === 1 ? '' : 's'}.`;
    if (failures.length > 0) announce(`Some images failed: ${failures.join('; ')}`, 'error');
    else announce(progress.textContent);
    onUploaded();
  };

  input.addEventListener('change', () => {
    void upload([...(input.files ?? [])]).finally(() => (input.value = ''));
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    void upload([...(event.dataTransfer?.files ?? [])]);
  });
};
