import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidCursor } from '../../domain/errors/common.errors.ts';
import { isCanonicalUuid } from '../../domain/ids.ts';

export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

// Four-digit years: every time a row can hold, and well inside PostgreSQL's timestamp range.
const EARLIEST = new Date('0001-01-01T00:00:00.000Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();
const MAC_BYTES = 16;
// Separates these MACs from every other use of the same secret (signed object URLs).
const DOMAIN = 'synesthesie-list-cursor-v1';

const invalid = invalidCursor;

/**
 * Opaque list cursors: the last item's sort key, sealed with an HMAC over the list it belongs to, so a
 * client can only hand back a position the service gave it, for the same list. A cursor that does not
 * check out, or decodes to a value no row can hold, is `INVALID_CURSOR` before any query runs.
 */
export class KeysetCursors {
  private readonly key: Buffer;

  /** `secret` is the service's URL signing secret; the cursor key is derived from it. */
  constructor(secret: string | Uint8Array) {
    this.key = createHmac('sha256', typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret))
      .update(DOMAIN)
      .digest();
  }

  encode(list: string, cursor: KeysetCursor): string {
    const payload = Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
    return `${payload}.${this.mac(list, payload).toString('base64url')}`;
  }

  decode(list: string, raw: string | undefined | null): KeysetCursor | undefined {
    if (raw === undefined || raw === null || raw === '') return undefined;
    const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{22})$/.exec(raw);
    if (!match) throw invalid();
    const [, payload, mac] = match as unknown as [string, string, string];
    // Compared as text: base64url leaves spare bits in its last character, so two spellings would decode to
    // the same bytes, and a cursor must have exactly one.
    const given = Buffer.from(mac, 'latin1');
    const expected = Buffer.from(this.mac(list, payload).toString('base64url'), 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
    const [at, id] = parsed as unknown[];
    const createdAt = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    const time = createdAt.getTime();
    if (Number.isNaN(time) || time < EARLIEST || time > LATEST || typeof id !== 'string' || !isCanonicalUuid(id)) throw invalid();
    return { createdAt, id };
  }

  /** Given limit+1 fetched rows, returns the page and the cursor of its last item when more exist. */
  paginate<T extends KeysetCursor>(list: string, rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { page, nextCursor: rows.length > limit && last ? this.encode(list, last) : null };
  }

  private mac(list: string, payload: string): Buffer {
    return createHmac('sha256', this.key).update(`${list}\n${payload}`).digest().subarray(0, MAC_BYTES);
  }
}
