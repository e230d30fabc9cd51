import type pg from 'pg';
import { mapPgError } from './pg-error-mapping.ts';

/** A pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A parameterised query whose failure never leaves the adapter as a pg error. */
export const runQuery = async (db: Queryable, text: string, values: unknown[] = []): Promise<unknown[]> => {
  try {
    const result = await db.query(text, values);
    return result.rows as unknown[];
  } catch (error) {
    throw mapPgError(error);
  }
};
