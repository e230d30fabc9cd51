import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/free-port.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { tokenMint, TEST_JWT_SECRET } from '../support/tokens.ts';

/**
 * The package as the ticketing backend gets it: `npm pack`, installed from the tarball into a throwaway host
 * project beside express, pg and node-pg-migrate, imported in plain Node (no TypeScript loader), type-checked
 * with tsc, and mounted at /media in the host's own express app, behind the host's own express.json(), on
 * the host's own pg Pool, next to the host's own `images` table and node-pg-migrate history in `public`.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const HOST_MIGRATION_1 = `-- Up Migration
CREATE TABLE images (id serial PRIMARY KEY, event_id int NOT NULL, url text NOT NULL);
CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, roles text[] NOT NULL);
-- Down Migration
DROP TABLE users;
DROP TABLE images;
`;
const HOST_MIGRATION_2 = `-- Up Migration
CREATE TABLE events (id serial PRIMARY KEY, name text NOT NULL);
-- Down Migration
DROP TABLE events;
`;

/** The host backend: its migrations, then (in the order asked) the media service's, then its next deploy's. */
const HOST_APP = `import express from 'express';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { createMediaService } from 'synesthesie-media';

const env = process.env;
// The host's pool as a host configures it: pg's defaults (int8 as strings), plus a pool-wide timestamp
// parser of its own, which the service must neither need nor change.
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4, types: { getTypeParser: (oid, format) => (oid === 1184 ? (v) => 'host:' + v : pg.types.getTypeParser(oid, format)) } });
const hostMigrate = (dir) => runner({ databaseUrl: env.DATABASE_URL, dir, migrationsTable: 'pgmigrations', direction: 'up', checkOrder: true, log: () => {} });

const media = await createMediaService({ env, pool });
if (env.ORDER === 'host-first') {
  await hostMigrate('migrations/1');
  await media.migrate();
} else {
  await media.migrate();
  await hostMigrate('migrations/1');
}
await pool.query("INSERT INTO images (event_id, url) VALUES (7, 'https://tickets.example/poster.png')");
await hostMigrate('migrations/2');

const app = express();
app.use(express.json());
app.get('/api/health', (_req, res) => res.json({ host: 'ok' }));
app.use('/media', media.router);
media.start();
const server = app.listen(Number(env.PORT), '127.0.0.1', () => process.stdout.write(JSON.stringify({ ready: true }) + '\\n'));
process.on('SIGTERM', () => {
  server.close(async () => {
    await media.stop();
    const stillOpen = await pool.query('select 1 as one');
    await pool.end();
    process.stdout.write(JSON.stringify({ stopped: true, hostPoolUsable: stillOpen.rows[0].one === 1 }) + '\\n');
    process.exit(0);
  });
});
`;

/** The host's TypeScript, compiled against the installed package's own .d.ts files. */
const HOST_TS = `import express from 'express';
import pg from 'pg';
import { createMediaService, ConfigError, type MediaService, type HostAuthenticate } from 'synesthesie-media';

const authenticate: HostAuthenticate = async (req) => (req.headers.cookie ? { sub: 'u1', roles: ['customer'] } : null);
const media: MediaService = await createMediaService({ env: process.env, pool: new pg.Pool(), authenticate });
express().use('/media', media.router);
const applied: string[] = await media.migrate();
media.start();
await media.stop();
export const ok: boolean = applied.length >= 0 && new ConfigError(['x']).problems.length === 1;
`;

const startHost = async (dir: string, env: Record<string, string>): Promise<{ child: ChildProcess; next(): Promise<Record<string, unknown>> }> => {
  const child = spawn(process.execPath, ['host-app.mjs'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`host exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return { child, next };
};

describe('installed from the packed tarball into a host backend', () => {
  let work: string;
  let hostDir: string;
  let tarballFiles: string[];
  const dbs: TestDatabase[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'media-pack-'));
    // What `npm pack` runs first (prepack: `npm run build`), apart so that pack's --json output stays alone on
    // stdout; without build's type check of web/, which the suite's typecheck has done already.
    await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-web.ts', '--strict'], { cwd: ROOT });
    await rm(join(ROOT, 'dist/src'), { recursive: true, force: true });
    await rm(join(ROOT, 'dist/cli'), { recursive: true, force: true });
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const packed = await run(npm, ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarballFiles = info!.files.map((f) => f.path);
    hostDir = join(work, 'host');
    await mkdir(join(hostDir, 'migrations/1'), { recursive: true });
    await mkdir(join(hostDir, 'migrations/2'), { recursive: true });
    await writeFile(join(hostDir, 'migrations/1/1700000000000_host_tables.sql'), HOST_MIGRATION_1);
    await writeFile(join(hostDir, 'migrations/2/1700000000000_host_tables.sql'), HOST_MIGRATION_1);
    await writeFile(join(hostDir, 'migrations/2/1800000000000_host_events.sql'), HOST_MIGRATION_2);
    await writeFile(join(hostDir, 'host-app.mjs'), HOST_APP);
    await writeFile(join(hostDir, 'host.ts'), HOST_TS);
    await writeFile(
      join(hostDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['host.ts'],
      }),
    );
    await writeFile(
      join(hostDir, 'package.json'),
      JSON.stringify({
        name: 'ticketing-host',
        private: true,
        type: 'module',
        dependencies: {
          express: packageJson.dependencies.express,
          pg: packageJson.dependencies.pg,
          'node-pg-migrate': packageJson.dependencies['node-pg-migrate'],
          'synesthesie-media': `file:${join(work, info!.filename)}`,
        },
      }),
    );
    // The cache is warm from the project's own install: the same versions, so nothing new is downloaded.
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: hostDir, maxBuffer: 64 * 1024 * 1024 });
  }, 600_000);

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the tarball ships the compiled code, its types, the migrations, the built page and the CLI, and nothing of test/ or bench/', () => {
    for (const file of [
      'dist/src/bootstrap/index.js',
      'dist/src/bootstrap/index.d.ts',
      'dist/cli/main.js',
      'dist/web/index.html',
      'migrations/0001_images.sql',
      'bin/synesthesie-media.mjs',
      'package.json',
      'README.md',
    ]) {
      expect(tarballFiles, file).toContain(file);
    }
    expect(tarballFiles.filter((f) => /^(test|bench|scripts|web|src|cli)\//.test(f))).toEqual([]);
    expect(tarballFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test('it imports in plain Node, its CLI runs without a TypeScript loader, and tsc resolves its types', async () => {
    const imported = await run(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('synesthesie-media'); console.log(typeof m.createMediaService)"],
      { cwd: hostDir },
    );
    expect(imported.stdout.trim()).toBe('function');
    const cli = await run(process.execPath, ['node_modules/synesthesie-media/bin/synesthesie-media.mjs', 'migrate', '--help'], { cwd: hostDir });
    expect(cli.stdout).toContain('usage: synesthesie-media migrate');
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', hostDir], { cwd: hostDir });
    // …and tsc reports a misuse, so the check above is a real one.
    await writeFile(join(hostDir, 'host.ts'), `${HOST_TS}\nexport const wrong: number = (await createMediaService({ env: {} })).router;\n`);
    const failed = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', hostDir], { cwd: hostDir }).catch(
      (error: { stdout: string }) => error,
    );
    expect(String((failed as { stdout?: string }).stdout)).toMatch(/host\.ts.*error TS2322/);
    await writeFile(join(hostDir, 'host.ts'), HOST_TS);
  }, 180_000);

  test("it imports and starts in plain Node 22 and 24 as well (binaries of the npm registry's node package)", async () => {
    const script = [
      "const { createMediaService } = await import('synesthesie-media');",
      "const media = await createMediaService({ env: { DATA_DIR: process.argv[1], LOG_LEVEL: 'silent', AUTH_JWT_SECRET: 'x'.repeat(40) } });",
      'const applied = await media.migrate();',
      'await media.stop();',
      "console.log(process.version + ' ' + applied.length);",
    ].join('\n');
    // Both at once: each is mostly waiting for npx and a process start.
    await Promise.all(
      ['22', '24'].map(async (major) => {
        const dataDir = await mkdtemp(join(work, `node${major}-`));
        const ran = await run('npx', ['--yes', '--package', `node@${major}`, '--', 'node', '--input-type=module', '-e', script, dataDir], {
          cwd: hostDir,
          timeout: 240_000,
        }).catch((error: Error) => error);
        if (ran instanceof Error && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|E404|ETARGET/.test(ran.message)) {
          console.log(`[package] Node ${major} import check skipped: no node@${major} from the npm registry (${ran.message.split('\n')[0]})`);
          return;
        }
        if (ran instanceof Error) throw ran;
        expect(ran.stdout.trim()).toMatch(new RegExp(`^v${major}\\.\\d+\\.\\d+ \\d+$`));
      }),
    );
  }, 600_000);

  for (const scenario of [
    { order: 'host-first', features: 'images,music,streaming' },
    { order: 'media-first', features: 'images' },
  ] as const) {
    test(`${scenario.order}, FEATURES=${scenario.features}: mounted at /media on the host's pool, the host's tables untouched`, async () => {
      const db = await createTestDatabase({ migrate: false });
      dbs.push(db);
      const port = await freePort();
      const dataDir = await mkdtemp(join(work, 'data-'));
      const host = await startHost(hostDir, {
        DATABASE_URL: db.url,
        ORDER: scenario.order,
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}/media`,
        DATA_DIR: dataDir,
        FEATURES: scenario.features,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        AUTH_ROLE_CLAIM: 'roles',
        AUTH_ADMIN_ROLES: 'organizer',
        AUTH_MEMBER_ROLES: 'customer',
        SWEEP_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'silent',
      });
      try {
        expect(await host.next()).toEqual({ ready: true });
        const base = `http://127.0.0.1:${port}`;
        const mint = tokenMint(TEST_JWT_SECRET);
        const organizer = await mint.withClaims({ sub: 'org-1', roles: ['organizer'] });
        const customer = await mint.withClaims({ sub: 'cust-1', roles: ['customer'] });
        const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

        expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ host: 'ok' });
        const form = new FormData();
        form.append('file', new Blob([Buffer.from(await makeImage('png', 64, 48))], { type: 'image/png' }), 'poster.png');
        form.append('visibility', 'public');
        const uploaded = await fetch(`${base}/media/v1/admin/images`, { method: 'POST', headers: bearer(organizer), body: form });
        expect(uploaded.status).toBe(201);
        const { items } = (await uploaded.json()) as { items: Array<{ id: string; byteSize: number; createdAt: string }> };
        expect(items[0]!.byteSize).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(items[0]!.createdAt))).toBe(false);

        // JSON bodies reach the service through the host's own express.json().
        const patched = await fetch(`${base}/media/v1/admin/images/${items[0]!.id}`, {
          method: 'PATCH',
          headers: { ...bearer(organizer), 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Poster' }),
        });
        expect(patched.status).toBe(200);
        expect(((await patched.json()) as { title: string }).title).toBe('Poster');

        const gallery = await fetch(`${base}/media/v1/images`, { headers: bearer(customer) });
        expect(gallery.status).toBe(200);
        const [image] = ((await gallery.json()) as { items: Array<{ title: string; urls: { display: string } }> }).items;
        expect(image!.title).toBe('Poster');
        expect(image!.urls.display.startsWith(`${base}/media/objects/`)).toBe(true);
        const bytes = await fetch(image!.urls.display);
        expect(bytes.status).toBe(200);
        expect(bytes.headers.get('content-type')).toBe('image/webp');
        expect((await fetch(`${base}/media/v1/admin/images`, { headers: bearer(customer) })).status).toBe(403);
        expect(await fetch(`${base}/media/v1/me`, { headers: bearer(organizer) }).then((r) => r.json())).toEqual({
          sub: 'org-1',
          role: 'admin',
          features: scenario.features.split(','),
        });

        const musicList = await fetch(`${base}/media/v1/music-sets`, { headers: bearer(customer) });
        const adminMusic = await fetch(`${base}/media/v1/admin/music-sets`, { headers: bearer(organizer) });
        const doc = (await (await fetch(`${base}/media/openapi.json`)).json()) as { paths: Record<string, unknown> };
        if (scenario.features === 'images') {
          expect([musicList.status, adminMusic.status]).toEqual([404, 404]);
          expect(Object.keys(doc.paths).filter((p) => /music|tracks|uploads|uppy/.test(p))).toEqual([]);
        } else {
          expect([musicList.status, adminMusic.status]).toEqual([200, 200]);
          expect(Object.keys(doc.paths)).toContain('/v1/music-sets');
        }

        // The host's side of the database is as the host left it.
        const check = new pg.Client({ connectionString: db.url });
        await check.connect();
        try {
          const publicTables = await check.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
          expect(publicTables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['events', 'images', 'pgmigrations', 'users']);
          expect((await check.query('SELECT event_id, url FROM public.images')).rows).toEqual([{ event_id: 7, url: 'https://tickets.example/poster.png' }]);
          const hostHistory = await check.query('SELECT name FROM public.pgmigrations ORDER BY id');
          expect(hostHistory.rows.map((r: { name: string }) => r.name)).toEqual(['1700000000000_host_tables', '1800000000000_host_events']);
          const ours = await check.query('SELECT count(*)::int AS n FROM media.images');
          expect(ours.rows[0].n).toBe(1);
        } finally {
          await check.end();
        }

        host.child.kill('SIGTERM');
        // stop() released what the service opened and left the host's pool open for the host.
        expect(await host.next()).toEqual({ stopped: true, hostPoolUsable: true });
      } finally {
        if (host.child.exitCode === null) host.child.kill('SIGKILL');
      }
    }, 180_000);
  }
});
