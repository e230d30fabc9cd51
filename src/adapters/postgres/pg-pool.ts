import pg from 'pg';

const INT8_OID = 20;

/**
 * bigint columns (byte sizes, bigserial ids, counts) arrive as numbers when they fit in a JS number,
 * as strings otherwise, so that a zod decoder rejects an unsafe value instead of silently rounding it.
 */
const parseInt8 = (value: string): number | string => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PgPoolOptions {
  url: string;
  /** 1 for the embedded PGlite (one backend). */
  max: number;
  connectionTimeoutMillis?: number;
  idleTimeoutMillis?: number;
  /** Errors of idle clients (server restart, network drop); without a listener they would crash the process. */
  onError?: (error: Error) => void;
}

export const createPgPool = (options: PgPoolOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    application_name: 'synesthesie-media',
    types,
  });
  pool.on('error', (error) => options.onError?.(error));
  return pool;
};
