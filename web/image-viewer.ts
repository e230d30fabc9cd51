import { h } from './dom.ts';
import type { Image } from './types.ts';

/** The display size in a modal <dialog>: focus is trapped and restored, Escape closes it, so does a click outside. */
export const createImageViewer = (): { open(image: Image): void } => {
  const img = h('img', { class: 'viewer-image', alt: '' });
  const caption = h('figcaption', {});
  const close = h('button', { type: 'button', class: 'viewer-close', 'aria-label': 'Close' }, '×');
  const dialog = h('dialog', { class: 'viewer', 'aria-label': 'Image' }, h('figure', {}, img, caption), close);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', () => img.removeAttribute('src'));
  document.body.append(dialog);
  return {
    open(image) {
      if (!image.urls) return;
      img.src = image.urls.display;
      img.alt = image.description ?? image.title ?? 'Image';
      img.width = image.width;
      img.height = image.height;
      caption.textContent = [image.title, image.description].filter(Boolean).join(' — ');
      dialog.showModal();
      close.focus();
    },
  };
};
