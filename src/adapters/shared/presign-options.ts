import type { PresignGetOptions } from '../../application/ports/object-types.ts';
import { invalidResponseOverride } from '../../domain/errors/storage.errors.ts';

// Sent back verbatim as HTTP headers: printable ASCII only (non-ASCII names go in RFC 5987 `filename*`).
const UNSAFE = /[^\t\x20-\x7e]/;

/** Rejects response overrides that could not be sent back as HTTP headers. */
export const assertPresignGetOptions = (options: PresignGetOptions): PresignGetOptions => {
  for (const value of [options.disposition, options.contentType]) {
    if (value !== undefined && (value === '' || UNSAFE.test(value) || value.length > 1024)) {
      throw invalidResponseOverride();
    }
  }
  return options;
};
