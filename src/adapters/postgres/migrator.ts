import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { DatabaseUnavailable, isConnectionError } from './pg-error-mapping.ts';

export interface RunMigrationsOptions {
  databaseUrl: string;
  log?: (message: string) => void;
  /** `down` exists for tests and emergencies; start-up and `npm run migrate` only go up. */
  direction?: 'up' | 'down';
  /** How many migrations to run; default all (up) or 1 (down). */
  count?: number;
}

/** Resolved from this module, not the working directory, so start-up, the CLI and tests all find it. */
export const migrationsDir = (): string => fileURLToPath(new URL('../../../migrations/', import.meta.url));

const silent = (): void => undefined;

/**
 * Applies the SQL migrations in `migrations/` with node-pg-migrate, each in its own transaction,
 * refusing to run when the applied history and the files disagree in order. Instances starting at
 * once wait on node-pg-migrate's advisory lock instead of failing. Uses one dedicated client that
 * is closed before returning, which matters for the embedded PGlite (one backend).
 * Returns the names of the migrations applied by this call.
 */
export const runMigrations = async (options: RunMigrationsOptions): Promise<string[]> => {
  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', silent);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(silent);
    throw new DatabaseUnavailable(error);
  }
  try {
    const applied = await runner({
      dbClient: client,
      dir: migrationsDir(),
      ignorePattern: '.*(?<!\\.sql)',
      migrationsTable: 'pgmigrations',
      direction: options.direction ?? 'up',
      ...(options.count === undefined ? {} : { count: options.count }),
      checkOrder: true,
      singleTransaction: false,
      advisoryLockMode: 'wait',
      log: options.log ?? silent,
    });
    return applied.map((m) => m.name);
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailable(error);
    throw error;
  } finally {
    await client.end().catch(silent);
  }
};
