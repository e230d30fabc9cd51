import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPglite {
  /** A connection string for `pg`. Use it with a pool of exactly 1 (see below). */
  url: string;
  /** Stops accepting connections and closes the database. End your pool first. */
  close(): Promise<void>;
}

/**
 * PGlite has one backend; pglite-socket multiplexes connections onto it message by message, so two
 * connections working at once can clobber each other's unnamed prepared statements, share `SET`s, and a
 * transaction on one blocks the other. The service therefore uses one pooled connection. The server still
 * admits a second one: a client that just closed (the migrator, or a pool recycling an idle client) may not
 * have been released by the server yet when the next one connects.
 */
const MAX_SOCKET_CONNECTIONS = 2;

/**
 * The embedded database used when DATABASE_URL is unset: PGlite persisted under `dataDir/pglite`,
 * served over the PostgreSQL wire protocol on 127.0.0.1 and a free port, so the same `pg` adapter and
 * migrations run unchanged. Only one process may open a given data directory at a time.
 */
export const startEmbeddedPglite = async (options: { dataDir: string }): Promise<EmbeddedPglite> => {
  const directory = join(options.dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_SOCKET_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        await server.stop();
        // stop() detaches connections without awaiting their rollback; let that finish before closing.
        await new Promise((resolve) => setImmediate(resolve));
        if (!db.closed) await db.close();
      })();
      return closing;
    },
  };
};
