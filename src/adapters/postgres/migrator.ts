import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { runner, type RunnerOption } from 'node-pg-migrate';
import pg from 'pg';
import { packageFile } from '../shared/package-file.ts';
import { databaseUnavailable } from '../../domain/errors/common.errors.ts';
import { isConnectionError } from './pg-error-mapping.ts';
import { moveLegacyLayout, refuseLegacyLayout } from './legacy-layout.ts';
import { MIGRATIONS_TABLE, pgTables } from './pg-tables.ts';

/** Where the service's database lives: its own connection string, or a pool (the host backend's) used as it is. */
export type DatabaseTarget = { url: string } | { pool: pg.Pool };

export interface RunMigrationsOptions {
  database: DatabaseTarget;
  /** DATABASE_SCHEMA: holds every table and the migration history; created when missing. */
  schema: string;
  log?: (message: string) => void;
  /** `down` exists for rollbacks: `npm run migrate -- down`. Start-up and `migrate()` only go up. */
  direction?: 'up' | 'down';
  /** How many migrations to run; default all (up) or 1 (down). */
  count?: number;
}

/** Resolved from the package, not the working directory, so start-up, the CLI, tests and an installed copy find it. */
export const migrationsDir = (): string => packageFile('migrations');

/** The schema's name goes where a migration writes `{{schema}}`: files stay plain SQL, with no search_path. */
const SCHEMA_PLACEHOLDER = /\{\{schema\}\}/g;
const DOWN_MARKER = /^\s*--[\s-]*down\s+migration/im;

const silent = (): void => undefined;

/** Names of the migrations this release ships, in order (what the schema must have applied to be served). */
export const shippedMigrations = async (): Promise<string[]> =>
  (await readdir(migrationsDir()))
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => basename(file, '.sql'));

/** node-pg-migrate's SQL loader, with the schema filled in. Every migration has an up and a down part. */
const schemaSqlLoader = (schema: string) => async (filePaths: string[]) =>
  Promise.all(
    filePaths.map(async (filePath) => {
      const sql = (await readFile(filePath, 'utf8')).replace(SCHEMA_PLACEHOLDER, pg.escapeIdentifier(schema));
      const down = sql.search(DOWN_MARKER);
      if (down < 0) throw new Error(`migration ${basename(filePath)} has no "-- Down Migration" part`);
      const upSql = sql.slice(0, down);
      const downSql = sql.slice(down);
      return {
        id: filePath,
        filePaths: [filePath],
        actions: { up: (pgm: { sql(text: string): void }) => pgm.sql(upSql), down: (pgm: { sql(text: string): void }) => pgm.sql(downSql) },
      };
    }),
  );

/**
 * node-pg-migrate's advisory lock id is one number shared by every project that uses it: with it, this
 * service and the host backend would wait on (or, in the host's default "fail" mode, break) each other's
 * deploys. Ours is derived from the schema, so only instances of this service on the same schema serialise.
 */
export const migrationLockId = (schema: string): number =>
  Number(BigInt(`0x${createHash('sha256').update(`synesthesie-media:${schema}`).digest('hex').slice(0, 12)}`));

const connect = async (database: DatabaseTarget): Promise<{ client: pg.ClientBase; done(broken?: Error): Promise<void> }> => {
  if ('pool' in database) {
    const client = await database.pool.connect();
    return { client, done: async (broken) => client.release(broken) };
  }
  const client = new pg.Client({ connectionString: database.url, connectionTimeoutMillis: 10_000 });
  client.on('error', silent);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(silent);
    throw error;
  }
  return { client, done: () => client.end().catch(silent) };
};

/**
 * Applies the SQL migrations in `migrations/` with node-pg-migrate, each in its own transaction, refusing to
 * run when the applied history and the files disagree in order. The schema and the history table
 * (`<schema>.pgmigrations`) are created when missing; nothing outside the schema is touched, and no session
 * setting is changed on the connection (it may be the host's). Instances starting at once wait on the lock
 * instead of failing. Returns the names of the migrations applied (or reverted) by this call.
 */
export const runMigrations = async (options: RunMigrationsOptions): Promise<string[]> => {
  pgTables(options.schema); // refuses a schema name that is not ours to use before connecting
  let connection;
  try {
    connection = await connect(options.database);
  } catch (error) {
    throw databaseUnavailable(error);
  }
  let broken: Error | undefined;
  try {
    const runnerOptions: RunnerOption = {
      dbClient: connection.client,
      dir: migrationsDir(),
      ignorePattern: '.*(?<!\\.sql)',
      migrationsTable: MIGRATIONS_TABLE,
      migrationsSchema: options.schema,
      createMigrationsSchema: true,
      migrationLoaderStrategies: [{ extensions: ['.sql'], loader: schemaSqlLoader(options.schema) }],
      direction: options.direction ?? 'up',
      ...(options.count === undefined ? {} : { count: options.count }),
      checkOrder: true,
      singleTransaction: false,
      advisoryLockMode: 'wait',
      lockValue: migrationLockId(options.schema),
      log: options.log ?? silent,
    };
    if (runnerOptions.direction === 'up') await refuseLegacyLayout(connection.client, options.schema, await shippedMigrations());
    const applied = await runner(runnerOptions);
    return applied.map((m) => m.name);
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    if (isConnectionError(error)) throw databaseUnavailable(error);
    throw error;
  } finally {
    await connection.done(broken);
  }
};

/** `migrate --move-from-public`: brings a database of the earlier layout into the schema; then migrate as usual. */
export const moveFromPublic = async (database: DatabaseTarget, schema: string): Promise<string[]> => {
  pgTables(schema);
  let connection;
  try {
    connection = await connect(database);
  } catch (error) {
    throw databaseUnavailable(error);
  }
  try {
    return await moveLegacyLayout(connection.client, schema, await shippedMigrations(), migrationLockId(schema));
  } finally {
    await connection.done();
  }
};
