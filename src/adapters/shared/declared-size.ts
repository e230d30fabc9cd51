import { AppError } from '../../domain/app-error.ts';

/** A body whose length differs from the declared one is refused, so that a truncated stream never lands. */
export const assertDeclaredSize = (declared: number | undefined, actual: number): void => {
  if (declared !== undefined && declared !== actual) {
    throw new AppError('VALIDATION_FAILED', 'body length differs from the declared byteSize', {
      detail: `Expected ${declared} bytes, received ${actual}.`,
    });
  }
};
