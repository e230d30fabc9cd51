import { z } from 'zod';

/**
 * Text a person typed (titles, descriptions, artists, file names): any Unicode but NUL, which a PostgreSQL
 * text value cannot hold. Refusing it here makes it a 400 naming the field instead of a failed statement.
 */
export const text = (): z.ZodString => z.string().regex(/^[^\u0000]*$/, 'must not contain a NUL character');
