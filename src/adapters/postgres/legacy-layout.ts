import pg from 'pg';
import { QUERY_TYPES } from './query-types.ts';

/**
 * Releases before DATABASE_SCHEMA kept their tables and their node-pg-migrate history in `public`. Such a
 * database is recognised by our tables there together with our migration names in `public.pgmigrations`
 * (a host's own `images` table alone is not ours), and only while the target schema has no history yet.
 */
const LEGACY_TABLES = ['images', 'music_sets', 'tracks', 'upload_sessions', 'object_deletions'] as const;

export class LegacyLayoutFound extends Error {
  constructor(schema: string) {
    super(
      `This database holds the media service's tables in schema "public", from a release before DATABASE_SCHEMA. ` +
        `Move them into "${schema}" once, with the service stopped: \`npx synesthesie-media migrate --move-from-public\` ` +
        `(in the repository: \`npm run migrate -- --move-from-public\`). Then start again.`,
    );
    this.name = 'LegacyLayoutFound';
  }
}

const query = (client: pg.ClientBase, text: string, values: unknown[] = []) => client.query({ text, values, types: QUERY_TYPES });

const historyNames = async (client: pg.ClientBase, table: string): Promise<string[] | null> => {
  const exists = await query(client, 'SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!(exists.rows[0] as { present: boolean }).present) return null;
  const rows = await query(client, `SELECT name FROM ${table} ORDER BY run_on, id`);
  return rows.rows.map((row) => String((row as { name: unknown }).name));
};

/** Our migration names recorded in `public.pgmigrations`, when the earlier layout is there and the schema is new. */
const legacyHistory = async (client: pg.ClientBase, schema: string, shipped: readonly string[]): Promise<string[]> => {
  const target = await historyNames(client, `${pg.escapeIdentifier(schema)}.pgmigrations`);
  if (target !== null && target.length > 0) return [];
  const publicHistory = await historyNames(client, 'public.pgmigrations');
  const ours = (publicHistory ?? []).filter((name) => shipped.includes(name));
  if (ours.length === 0) return [];
  const tables = await query(client, "SELECT to_regclass('public.images') IS NOT NULL AND to_regclass('public.object_deletions') IS NOT NULL AS present");
  return (tables.rows[0] as { present: boolean }).present ? ours : [];
};

/** Start-up and `migrate` stop here rather than create a second, empty copy of the service beside the first. */
export const refuseLegacyLayout = async (client: pg.ClientBase, schema: string, shipped: readonly string[]): Promise<void> => {
  if ((await legacyHistory(client, schema, shipped)).length > 0) throw new LegacyLayoutFound(schema);
};

/**
 * Moves the earlier layout into `schema` in one transaction: each table with its indexes, constraints and
 * sequences (`ALTER TABLE … SET SCHEMA`), and our rows of `public.pgmigrations` into the schema's own
 * history. `public.pgmigrations` is dropped only when nothing else is left in it. Returns the tables moved.
 */
export const moveLegacyLayout = async (client: pg.ClientBase, schema: string, shipped: readonly string[], lockId: number): Promise<string[]> => {
  const quoted = pg.escapeIdentifier(schema);
  await query(client, 'BEGIN');
  try {
    await query(client, 'SELECT pg_advisory_xact_lock($1)', [lockId]);
    const names = await legacyHistory(client, schema, shipped);
    if (names.length === 0) {
      await query(client, 'ROLLBACK');
      return [];
    }
    await query(client, `CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    const moved: string[] = [];
    for (const table of LEGACY_TABLES) {
      const present = await query(client, 'SELECT to_regclass($1) IS NOT NULL AS present', [`public.${table}`]);
      if (!(present.rows[0] as { present: boolean }).present) continue;
      await query(client, `ALTER TABLE public.${pg.escapeIdentifier(table)} SET SCHEMA ${quoted}`);
      moved.push(table);
    }
    await query(client, `CREATE TABLE IF NOT EXISTS ${quoted}.pgmigrations (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)`);
    await query(
      client,
      `INSERT INTO ${quoted}.pgmigrations (name, run_on)
       SELECT name, run_on FROM public.pgmigrations WHERE name = ANY($1::text[]) ORDER BY run_on, id`,
      [names],
    );
    await query(client, 'DELETE FROM public.pgmigrations WHERE name = ANY($1::text[])', [names]);
    const left = await query(client, 'SELECT count(*)::int AS n FROM public.pgmigrations');
    if ((left.rows[0] as { n: number }).n === 0) await query(client, 'DROP TABLE public.pgmigrations');
    await query(client, 'COMMIT');
    return moved;
  } catch (error) {
    await query(client, 'ROLLBACK').catch(() => undefined);
    throw error;
  }
};
