import type pg from 'pg';
import { mapPgError } from './pg-error-mapping.ts';
import { QUERY_TYPES } from './query-types.ts';

/** A pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * A parameterised query whose failure never leaves the adapter as a pg error. Its rows are parsed with the
 * service's own type parsers (QUERY_TYPES), never with whatever the pool was configured with.
 */
export const runQuery = async (db: Queryable, text: string, values: unknown[] = []): Promise<unknown[]> => {
  try {
    const result = await db.query({ text, values, types: QUERY_TYPES });
    return result.rows as unknown[];
  } catch (error) {
    throw mapPgError(error);
  }
};
