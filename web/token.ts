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
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
};

export interface TokenInfo {
  expiresAt: Date | null;
}

/**
 * Only the expiry is read here, to tell an expired token from a wrong one before asking the server. The role
 * is never read from the token: the server applies its role rules and says who the caller is (`/v1/me`).
 */
export const readToken = (token: string): TokenInfo | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = decodePart(parts[1]!) as Record<string, unknown>;
    return { expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null };
  } catch {
    return null;
  }
};
