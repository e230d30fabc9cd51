import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { runMigrations } from '../../src/adapters/postgres/migrator.ts';
import { createPgPool } from '../../src/adapters/postgres/pg-pool.ts';
import { TEST_SCHEMA } from './test-schema.ts';

export interface TestDatabase {
  /** Connection string of the fresh database. */
  url: string;
  /** A pool on it (the service's own pool factory). */
  pool: pg.Pool;
  /** Ends the pool and drops the database, whoever is still connected. */
  drop(): Promise<void>;
}

const withAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/**
 * A new, uniquely named database on the suite's PostgreSQL server with every migration applied.
 * Names are random so that parallel files and repeated runs never meet.
 */
export const createTestDatabase = async (options: { poolMax?: number; migrate?: boolean } = {}): Promise<TestDatabase> => {
  const name = `test_${randomBytes(8).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  if (options.migrate !== false) await runMigrations({ database: { url: databaseUrl }, schema: TEST_SCHEMA });
  const pool = createPgPool({ url: databaseUrl, max: options.poolMax ?? 5 });
  let dropped: Promise<void> | undefined;
  return {
    url: databaseUrl,
    pool,
    drop: () => {
      dropped ??= (async () => {
        await pool.end().catch(() => undefined);
        await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      })();
      return dropped;
    },
  };
};
