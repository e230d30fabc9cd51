import pg from 'pg';

export interface PgPoolOptions {
  url: string;
  /** 1 for the embedded PGlite (one backend). */
  max: number;
  connectionTimeoutMillis?: number;
  idleTimeoutMillis?: number;
  /** Errors of idle clients (server restart, network drop); without a listener they would crash the process. */
  onError?: (error: Error) => void;
}

/** The service's own pool, when the host passes none. Rows are decoded per query (run-query.ts), not here. */
export const createPgPool = (options: PgPoolOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    application_name: 'synesthesie-media',
  });
  pool.on('error', (error) => options.onError?.(error));
  return pool;
};
