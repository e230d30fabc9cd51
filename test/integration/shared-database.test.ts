import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { PG_MIGRATE_LOCK_ID, runner } from 'node-pg-migrate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LegacyLayoutFound } from '../../src/adapters/postgres/legacy-layout.ts';
import { migrationsDir, moveFromPublic, runMigrations, shippedMigrations } from '../../src/adapters/postgres/migrator.ts';
import { PgImageRepository } from '../../src/adapters/postgres/pg-image-repository.ts';
import { PgMusicRepository } from '../../src/adapters/postgres/pg-music-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TEST_SCHEMA, TEST_TABLES } from '../support/test-schema.ts';
import { startTestService } from '../support/test-service.ts';

/**
 * The service on a database it shares with the ticketing backend: the host's own node-pg-migrate history in
 * public.pgmigrations, its own `images` table, its own pool with its own type parsers.
 */
const run = promisify(execFile);

const publicTables = async (pool: pg.Pool): Promise<string[]> =>
  (await pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map(
    (r: { table_name: string }) => r.table_name,
  );

/** A host backend's migrations, run the way a host runs them: node-pg-migrate defaults (public, lock mode "fail"). */
const hostMigrations = async (count: 1 | 2): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'host-migrations-'));
  await writeFile(
    join(dir, '1700000000000_host_images.sql'),
    '-- Up Migration\nCREATE TABLE images (id serial PRIMARY KEY, event_id int NOT NULL, url text NOT NULL);\nCREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n-- Down Migration\nDROP TABLE users;\nDROP TABLE images;\n',
  );
  if (count === 2) {
    await writeFile(
      join(dir, '1800000000000_host_events.sql'),
      '-- Up Migration\nCREATE TABLE events (id serial PRIMARY KEY, name text NOT NULL);\n-- Down Migration\nDROP TABLE events;\n',
    );
  }
  return dir;
};

const runHost = async (url: string, dir: string): Promise<string[]> =>
  (await runner({ databaseUrl: url, dir, migrationsTable: 'pgmigrations', direction: 'up', checkOrder: true, log: () => undefined })).map((m) => m.name);

describe('beside a host backend on one database', () => {
  const dbs: TestDatabase[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const fresh = async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    return db;
  };

  for (const order of ['host first', 'media first'] as const) {
    test(`${order}: both histories apply, and the host's next migration still does`, async () => {
      const db = await fresh();
      const first = await hostMigrations(1);
      const next = await hostMigrations(2);
      dirs.push(first, next);
      const shipped = await shippedMigrations();
      if (order === 'host first') {
        expect(await runHost(db.url, first)).toEqual(['1700000000000_host_images']);
        expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual(shipped);
      } else {
        expect(await runMigrations({ database: { pool: db.pool }, schema: TEST_SCHEMA })).toEqual(shipped);
        expect(await runHost(db.url, first)).toEqual(['1700000000000_host_images']);
      }
      expect(await runHost(db.url, next)).toEqual(['1800000000000_host_events']);
      expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual([]);
      expect(await publicTables(db.pool)).toEqual(['events', 'images', 'pgmigrations', 'users']);
      const hostHistory = await db.pool.query('SELECT name FROM public.pgmigrations ORDER BY id');
      expect(hostHistory.rows.map((r: { name: string }) => r.name)).toEqual(['1700000000000_host_images', '1800000000000_host_events']);
    });
  }

  test("a host deploy holding node-pg-migrate's shared lock does not block ours, nor ours the host's", async () => {
    const db = await fresh();
    const host = await db.pool.connect();
    try {
      await host.query('SELECT pg_advisory_lock($1)', [PG_MIGRATE_LOCK_ID]);
      const applied = await Promise.race([
        runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('waited on the host lock')), 15_000)),
      ]);
      expect(applied).toEqual(await shippedMigrations());
    } finally {
      await host.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATE_LOCK_ID]);
      host.release();
    }
  });

  test('a host pool with its own type parsers (every value a string) decodes the same rows', async () => {
    const db = await fresh();
    await runMigrations({ database: { pool: db.pool }, schema: TEST_SCHEMA });
    const raw = (value: string) => value;
    const hostPool = new pg.Pool({ connectionString: db.url, max: 2, types: { getTypeParser: () => raw } as unknown as pg.CustomTypesConfig });
    try {
      const images = new PgImageRepository(hostPool, TEST_TABLES);
      const at = new Date('2026-11-30T12:34:56.789Z');
      const id = randomUUID();
      const inserted = await images.insertPending({
        id,
        visibility: 'public',
        title: 't',
        description: null,
        originalFilename: 'a.jpg',
        originalContentType: 'image/jpeg',
        byteSize: 12_345,
        sha256: 'a'.repeat(64),
        uploadedBy: 'host-admin',
        createdAt: at,
      });
      expect(inserted).toMatchObject({ inserted: true, image: { byteSize: 12_345, createdAt: at } });
      await images.markReady(id, { width: 40, height: 30 }, at);
      const [listed] = await images.list({ statuses: ['ready'], visibility: 'public', limit: 10 });
      expect(listed).toMatchObject({ id, width: 40, height: 30, byteSize: 12_345 });
      expect(listed!.createdAt.getTime()).toBe(at.getTime());
      const music = new PgMusicRepository(hostPool, TEST_TABLES);
      const set = await music.createSet({ id: randomUUID(), title: 'Set', description: null, visibility: 'public', createdBy: 'a', createdAt: at });
      expect(set.createdAt.getTime()).toBe(at.getTime());
      const sets = await music.listSets({ trackStatuses: ['ready'], tracksPerSet: 20, limit: 5 });
      expect(sets.map((s) => s.id)).toEqual([set.id]);
    } finally {
      await hostPool.end();
    }
  });

  test('the earlier layout (tables in public) is refused with what to do, then moved in place with its data', async () => {
    const db = await fresh();
    // The layout of releases before DATABASE_SCHEMA: the same migrations, applied in public.
    await runner({
      databaseUrl: db.url,
      dir: migrationsDir(),
      ignorePattern: '.*(?<!\\.sql)',
      migrationsTable: 'pgmigrations',
      direction: 'up',
      log: () => undefined,
      migrationLoaderStrategies: [
        {
          extensions: ['.sql'],
          loader: async (paths: string[]) =>
            Promise.all(
              paths.map(async (path) => {
                const sql = (await readFile(path, 'utf8')).replaceAll('{{schema}}', 'public');
                const down = sql.search(/^-- Down Migration/m);
                return { id: path, filePaths: [path], actions: { up: (pgm: { sql(s: string): void }) => pgm.sql(sql.slice(0, down)) } };
              }),
            ),
        },
      ],
    });
    const setId = randomUUID();
    await db.pool.query(`INSERT INTO public.music_sets (id, title, created_by, created_at, updated_at) VALUES ($1, 'Kept', 'a', now(), now())`, [setId]);
    await db.pool.query("INSERT INTO public.pgmigrations (name, run_on) VALUES ('1900000000000_host_thing', now())");

    const refused = await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LegacyLayoutFound);
    expect(String((refused as Error).message)).toMatch(/--move-from-public/);

    expect(await moveFromPublic({ pool: db.pool }, TEST_SCHEMA)).toEqual(['images', 'music_sets', 'tracks', 'upload_sessions', 'object_deletions']);
    expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual([]);
    const kept = await new PgMusicRepository(db.pool, TEST_TABLES).findSet(setId, ['ready']);
    expect(kept?.title).toBe('Kept');
    expect(await publicTables(db.pool)).toEqual(['pgmigrations']);
    const left = await db.pool.query('SELECT name FROM public.pgmigrations');
    expect(left.rows.map((r: { name: string }) => r.name)).toEqual(['1900000000000_host_thing']);
    // A second move finds nothing to do.
    expect(await moveFromPublic({ pool: db.pool }, TEST_SCHEMA)).toEqual([]);
  });

  test("a host's own images table and history alone are not mistaken for the earlier layout", async () => {
    const db = await fresh();
    const dir = await hostMigrations(1);
    dirs.push(dir);
    await runHost(db.url, dir);
    await db.pool.query('CREATE TABLE public.object_deletions (id serial PRIMARY KEY)');
    expect(await runMigrations({ database: { url: db.url }, schema: TEST_SCHEMA })).toEqual(await shippedMigrations());
  });
});

describe('MIGRATE_ON_START=false: migration is a deploy step of its own', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    service = await startTestService('fs', { MIGRATE_ON_START: 'false' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  test('the API answers 503 and /readyz names the schema until the schema is migrated; then both serve', async () => {
    const before = await service.call('/v1/images', { token: await service.tokens.member() });
    expect(before.status).toBe(503);
    expect(before.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await before.json()) as { code: string; detail: string };
    expect(problem.code).toBe('SCHEMA_NOT_MIGRATED');
    expect(problem.detail).toContain(`"${TEST_SCHEMA}"`);
    const ready = await service.call('/readyz');
    expect(ready.status).toBe(503);
    const readyProblem = (await ready.json()) as { code: string; detail: string; checks: Record<string, string> };
    expect(readyProblem.checks).toEqual({ database: 'ok', schema: 'failed', store: 'ok' });
    expect(readyProblem).toMatchObject({ code: 'SCHEMA_NOT_MIGRATED', detail: expect.stringContaining(`"${TEST_SCHEMA}"`) });
    expect((await service.call('/healthz')).status).toBe(200);

    // The deploy step, from outside the process: the repository's own `npm run migrate` entry point.
    const env = { ...process.env, DATABASE_URL: service.databaseUrl, DATA_DIR: service.dataDir, AUTH_JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' };
    const cli = join(import.meta.dirname, '../../bin/synesthesie-media.mjs');
    const up = await run(process.execPath, [cli, 'migrate'], { env });
    expect(up.stdout).toMatch(/applied in schema media: 0001_images/);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await service.call('/v1/images', { token: await service.tokens.member() })).status).toBe(200);
    expect((await service.call('/readyz')).status).toBe(200);

    // `npm run migrate -- down` reverts one migration at a time (all of them with --count), and up restores them.
    const shipped = await shippedMigrations();
    const down = await run(process.execPath, [cli, 'migrate', 'down', '--count', String(shipped.length)], { env });
    expect(down.stdout).toContain(`reverted in schema media: ${[...shipped].reverse().join(', ')}`);
    const tables = await service.pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'media'");
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['pgmigrations']);
    const again = await run(process.execPath, [cli, 'migrate'], { env });
    expect(again.stdout).toContain(`applied in schema media: ${shipped.join(', ')}`);
    const bad = await run(process.execPath, [cli, 'migrate', 'sideways'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 2 });
  }, 180_000);
});

test('every migration ships an up and a down part', async () => {
  for (const file of (await readdir(migrationsDir())).filter((f) => f.endsWith('.sql'))) {
    const sql = await readFile(join(migrationsDir(), file), 'utf8');
    expect(sql, basename(file)).toMatch(/^-- Up Migration/m);
    expect(sql, basename(file)).toMatch(/^-- Down Migration\n[\s\S]*\S/m);
    expect(sql, `${file} names its tables with {{schema}}`).not.toMatch(/\b(?:TABLE|ON|REFERENCES|INDEX)\s+(?!\{\{schema\}\}|IF\b)[a-z_]+\s*\(/);
  }
});
