import { invalidObjectKey } from '../../domain/errors/storage.errors.ts';

const MAX_KEY_BYTES = 1024;
// Most filesystems cap a path segment at 255 bytes; the same cap on every store keeps keys portable.
const MAX_SEGMENT_BYTES = 255;
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

const checkSegment = (segment: string, allowEmpty: boolean): void => {
  if (segment === '') {
    if (allowEmpty) return;
    throw invalidObjectKey();
  }
  // Dot-leading segments cover `.` and `..`, and keep the fs store's own files (`.tmp`, sidecars) out of key space.
  if (segment.startsWith('.') || Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw invalidObjectKey();
};

const checkWhole = (value: string): string[] => {
  if (typeof value !== 'string' || FORBIDDEN.test(value) || value.startsWith('/')) throw invalidObjectKey();
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) throw invalidObjectKey();
  return value.split('/');
};

/**
 * The key rules every ObjectStore adapter applies, so that a key valid on one store is valid on all:
 * relative, `/`-separated, no empty or dot-leading segment, no backslash, NUL or control character.
 */
export const objectKeyRules = {
  assertKey(key: string): string {
    if (key === '') throw invalidObjectKey();
    for (const segment of checkWhole(key)) checkSegment(segment, false);
    return key;
  },

  /** A list prefix: `''`, a directory-like `a/b/`, or a partial `a/b/c`. */
  assertPrefix(prefix: string): string {
    if (prefix === '') return prefix;
    const segments = checkWhole(prefix);
    segments.forEach((segment, index) => checkSegment(segment, index === segments.length - 1));
    return prefix;
  },
};
