import { Readable, Transform } from 'node:stream';
import type { ByteRange } from '../../application/ports/object-types.ts';
import type { AppError } from '../../domain/app-error.ts';
import { assertDeclaredSize } from '../shared/declared-size.ts';

/**
 * Counts a body on its way to S3 and fails the stream (so the upload is never completed) as soon
 * as it is known to differ from the declared size.
 */
export const sizeCheckedStream = (body: Readable | Uint8Array, declared: number | undefined) => {
  let count = 0;
  let refused: AppError | undefined;
  const check = (actual: number) => {
    try {
      assertDeclaredSize(declared, actual);
    } catch (error) {
      refused = error as AppError;
      throw error;
    }
  };
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count += chunk.length;
      if (declared !== undefined && count > declared) {
        try {
          check(count);
        } catch (error) {
          return done(error as Error);
        }
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        check(count);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const source = body instanceof Uint8Array ? Readable.from(body.length > 0 ? [body] : []) : body;
  // Errors of the source reach the meter, and through it the upload that reads it.
  source.on('error', (error) => meter.destroy(error));
  let piped: Readable | undefined;
  return {
    /** Piped on first use only, so a body sent in one PutObject is not also read through the meter. */
    get stream(): Readable {
      piped ??= source.pipe(meter);
      return piped;
    },
    bytes: () => count,
    refusal: () => refused,
    assertComplete: (actual: number) => check(actual),
  };
};

/** The `Range` header for S3, or null when the range can already be seen to be unsatisfiable. */
export const toRangeHeader = (range: ByteRange, knownSize?: number): string | null => {
  const integer = (n: number) => Number.isSafeInteger(n) && n >= 0;
  switch (range.kind) {
    case 'bounded':
      return integer(range.start) && integer(range.end) && range.end >= range.start ? `bytes=${range.start}-${range.end}` : null;
    case 'open':
      return integer(range.start) ? `bytes=${range.start}-` : null;
    case 'suffix': {
      if (!integer(range.length) || range.length === 0 || knownSize === undefined || knownSize === 0) return null;
      return `bytes=${Math.max(0, knownSize - range.length)}-${knownSize - 1}`;
    }
  }
};
