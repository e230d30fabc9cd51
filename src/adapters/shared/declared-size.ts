import { bodyLengthMismatch } from '../../domain/errors/storage.errors.ts';

/** A body whose length differs from the declared one is refused, so that a truncated stream never lands. */
export const assertDeclaredSize = (declared: number | undefined, actual: number): void => {
  if (declared !== undefined && declared !== actual) {
    throw bodyLengthMismatch(declared, actual);
  }
};
