import type { Role } from './types.ts';

const STORAGE_KEY = 'synesthesie-media.token';

/**
 * The ticketing site hands a token over as `#token=…`; it is moved into sessionStorage and removed from the
 * address bar at once so it does not linger in history, bookmarks or screenshots.
 */
export const takeTokenFromFragment = (): string | null => {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return null;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token.trim();
};

export const savedToken = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(STORAGE_KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(STORAGE_KEY);

const decodePart = (part: string): unknown => {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
};

export interface TokenInfo {
  role: Role;
  subject: string | null;
  expiresAt: Date | null;
}

/** Read for the UI only: the signature is not checked here, the server checks it on every request. */
export const readToken = (token: string, roleClaim: string): TokenInfo | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = decodePart(parts[1]!) as Record<string, unknown>;
    const role = claims[roleClaim];
    if (role !== 'admin' && role !== 'member') return null;
    return {
      role,
      subject: typeof claims.sub === 'string' ? claims.sub : null,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
};
