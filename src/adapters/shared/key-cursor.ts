import { invalidListCursor } from '../../domain/errors/storage.errors.ts';

/** The opaque list cursor of the stores that page by key order: the last key returned. */
export const keyCursor = {
  encode(lastKey: string): string {
    return Buffer.from(lastKey, 'utf8').toString('base64url');
  },

  decode(cursor: string | null | undefined): string | null {
    if (cursor === null || cursor === undefined || cursor === '') return null;
    const key = Buffer.from(cursor, 'base64url').toString('utf8');
    if (key === '' || Buffer.from(key, 'utf8').toString('base64url') !== cursor) {
      throw invalidListCursor();
    }
    return key;
  },
};
