import type { ByteRange } from '../../application/ports/object-types.ts';
import { rangeNotSatisfiable } from '../../domain/errors/storage.errors.ts';

/** The inclusive offsets a range selects in an object of `size` bytes, as HTTP and S3 define them. */
export const resolveByteRange = (range: ByteRange, size: number): { start: number; end: number } => {
  const integer = (n: number) => Number.isSafeInteger(n) && n >= 0;
  switch (range.kind) {
    case 'bounded':
      if (!integer(range.start) || !integer(range.end) || range.end < range.start || range.start >= size) {
        throw rangeNotSatisfiable(size);
      }
      return { start: range.start, end: Math.min(range.end, size - 1) };
    case 'open':
      if (!integer(range.start) || range.start >= size) throw rangeNotSatisfiable(size);
      return { start: range.start, end: size - 1 };
    case 'suffix':
      if (!integer(range.length) || range.length === 0 || size === 0) throw rangeNotSatisfiable(size);
      return { start: Math.max(0, size - range.length), end: size - 1 };
  }
};
