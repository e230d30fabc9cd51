import { errorText, type Api } from './api.ts';
import { announce, h } from './dom.ts';
import { createImageViewer } from './image-viewer.ts';
import type { Image, Page, Role } from './types.ts';
import { imageEditor } from './admin-images.ts';

const PAGE_SIZE = 60;

/**
 * Thumbnails in a responsive grid, lazily loaded with their intrinsic size reserved (no layout shift).
 * Admins list every image (any visibility) with an editor under each.
 */
export const mountGallery = (root: HTMLElement, api: Api, role: Role): { reload(): Promise<void> } => {
  const viewer = createImageViewer();
  const grid = h('ul', { class: 'gallery', 'aria-label': 'Images' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more images');
  const empty = h('p', { class: 'empty', hidden: true }, 'No images yet.');
  root.append(grid, empty, more);
  let cursor: string | null = null;
  const listPath = role === 'admin' ? '/v1/admin/images' : '/v1/images';

  let refreshing = false;
  const expired = (image: Image) => !image.urls || Date.now() >= Date.parse(image.urls.expiresAt) - 5_000;
  /** Presigned URLs expire (URL_TTL_SECONDS); a page left open long enough asks for fresh ones. */
  const refreshIfExpired = (image: Image) => {
    if (refreshing || !expired(image)) return;
    refreshing = true;
    void reload().finally(() => (refreshing = false));
  };
  const openViewer = async (image: Image) => {
    try {
      viewer.open(expired(image) ? await api.get<Image>(`${listPath}/${image.id}`) : image);
    } catch (error) {
      announce(`Could not open the image: ${errorText(error)}`, 'error');
    }
  };

  const card = (image: Image): HTMLLIElement => {
    const label = image.title ?? 'Untitled image';
    const thumb = image.urls
      ? h(
          'button',
          { type: 'button', class: 'thumb', 'aria-label': `Open ${label}`, onclick: () => void openViewer(image) },
          h('img', {
            src: image.urls.thumbnail,
            alt: image.description ?? label,
            loading: 'lazy',
            decoding: 'async',
            width: image.width,
            height: image.height,
            onerror: () => refreshIfExpired(image),
          }),
        )
      : h('div', { class: 'thumb pending' }, image.status ?? 'processing');
    return h(
      'li',
      { class: 'card', 'data-image-id': image.id },
      thumb,
      role === 'admin' ? imageEditor(api, image, () => void reload()) : h('p', { class: 'caption' }, image.title ?? ''),
    );
  };

  const loadPage = async (reset: boolean): Promise<void> => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (!reset && cursor) query.set('cursor', cursor);
    try {
      const page = await api.get<Page<Image>>(`${listPath}?${query}`);
      if (reset) grid.replaceChildren();
      grid.append(...page.items.map(card));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      empty.hidden = grid.childElementCount > 0;
    } catch (error) {
      announce(`Could not load images: ${errorText(error)}`, 'error');
    }
  };
  const reload = () => loadPage(true);
  more.addEventListener('click', () => void loadPage(false));
  return { reload };
};
