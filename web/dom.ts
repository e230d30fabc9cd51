type Child = Node | string | null | undefined | false;
type Props = Record<string, unknown>;

/**
 * A tiny element builder: `on*` functions become listeners, known properties are assigned (so `value`,
 * `checked`, `hidden` behave), everything else is an attribute. Text is always inserted as text.
 */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else if (key.includes('-') || !(key in el)) el.setAttribute(key, value === true ? '' : String(value));
    else (el as unknown as Props)[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
};

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** One polite live region for the whole page, so screen readers hear what changed after an action; errors stay longer. */
export const announce = (message: string, kind: 'info' | 'error' = 'info'): void => {
  const region = byId('status');
  region.textContent = message;
  region.dataset.kind = kind;
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => (region.textContent = ''), kind === 'error' ? 15_000 : 5_000);
};

export const formatDuration = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms)) return '–:––';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

export const visibilitySelect = (label: string, value: string, name = 'visibility'): HTMLLabelElement =>
  h(
    'label',
    { class: 'field' },
    h('span', {}, label),
    h(
      'select',
      { name },
      h('option', { value: 'private', selected: value === 'private' }, 'Private'),
      h('option', { value: 'public', selected: value === 'public' }, 'Public'),
    ),
  );
