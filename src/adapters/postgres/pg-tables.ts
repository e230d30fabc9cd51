import pg from 'pg';

/**
 * The service's tables, each named with its schema (`"media"."images"`). Every statement names its tables
 * through this, so that a pool shared with the host backend is used as it is: no `search_path`, nothing
 * read or written outside DATABASE_SCHEMA.
 */
export interface PgTables {
  /** The schema itself, quoted. */
  readonly schema: string;
  readonly images: string;
  readonly musicSets: string;
  readonly tracks: string;
  readonly uploadSessions: string;
  readonly objectDeletions: string;
  /** node-pg-migrate's history of this service's migrations. */
  readonly migrations: string;
}

/** Unquoted, so that it reads the same in SQL, logs and `\dn`; the config schema enforces it. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const MIGRATIONS_TABLE = 'pgmigrations';

export const pgTables = (schema: string): PgTables => {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name this service uses: ${schema}`);
  const quoted = pg.escapeIdentifier(schema);
  const table = (name: string) => `${quoted}.${pg.escapeIdentifier(name)}`;
  return {
    schema: quoted,
    images: table('images'),
    musicSets: table('music_sets'),
    tracks: table('tracks'),
    uploadSessions: table('upload_sessions'),
    objectDeletions: table('object_deletions'),
    migrations: table(MIGRATIONS_TABLE),
  };
};
