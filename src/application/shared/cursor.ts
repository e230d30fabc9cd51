import { Buffer } from 'node:buffer';
import { AppError } from '../../domain/app-error.ts';

export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of the last item's sort key. */
export const encodeCursor = (cursor: KeysetCursor): string =>
  Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');

export const decodeCursor = (raw: string | undefined | null): KeysetCursor | undefined => {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const invalid = () =>
    new AppError('VALIDATION_FAILED', 'invalid cursor', {
      detail: 'The cursor is not one this service issued.',
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
    const [at, id] = parsed as unknown[];
    const createdAt = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !UUID.test(id)) throw invalid();
    return { createdAt, id };
  } catch {
    throw invalid();
  }
};

/** Given limit+1 fetched rows, returns the page and the cursor of its last item when more exist. */
export const paginate = <T extends { createdAt: Date; id: string }>(
  rows: T[],
  limit: number,
): { page: T[]; nextCursor: string | null } => {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
};
