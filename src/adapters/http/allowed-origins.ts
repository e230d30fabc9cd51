/**
 * An origin in the form browsers send it (`scheme://host[:port]`: lower case, no default port, no path), or null
 * for anything that is not an http(s) origin. Configured and received origins both go through here, so every route
 * compares them the same way.
 */
export const normaliseOrigin = (value: string): string | null => {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
};

/** The origins allowed to call from a browser; `match` answers the request's Origin header to echo back, or null. */
export class AllowedOrigins {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: Iterable<string>) {
    this.origins = new Set([...origins].map(normaliseOrigin).filter((origin): origin is string => origin !== null));
  }

  get size(): number {
    return this.origins.size;
  }

  match(header: string | undefined): string | null {
    if (header === undefined) return null;
    const origin = normaliseOrigin(header);
    return origin !== null && this.origins.has(origin) ? origin : null;
  }
}
