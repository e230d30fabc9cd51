import type pg from 'pg';
import { mapPgError } from './pg-error-mapping.ts';

/**
 * Runs `fn` inside BEGIN/COMMIT on one pooled client, rolling back when it throws.
 * Whatever escapes is mapped (mapPgError), so no pg error reaches callers.
 * A client whose ROLLBACK failed is destroyed rather than returned to the pool in an unknown state.
 */
export const withTransaction = async <T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw mapPgError(error);
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
    });
    throw mapPgError(error);
  } finally {
    client.release(broken);
  }
};
