import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProgressBoard } from '../../cli/progress.ts';
import { trackKey } from '../../src/domain/object-keys.ts';
import { makeWav } from '../support/audio-fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { makeImage } from '../support/image-fixtures.ts';
import { json, sha256, storedBytes, type Json } from '../support/music-http.ts';
import { runCli, type CliRun } from '../support/cli-process.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { TEST_JWT_SECRET } from '../support/tokens.ts';

const STATE_FILE = '.synesthesie-upload.json';

const cli = runCli;

/** Every run of the bin boots tsx: about a second of CPU, several on a busy machine. */
const SLOW = 90_000;

const noStackTrace = (run: CliRun) => expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules/);

describe('admin CLI progress output', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, columns: 120, chunks, write: (text: string) => chunks.push(text) };
  };

  test('on a terminal the bars are redrawn in place, with result lines kept above them', () => {
    const out = sink(true);
    const results = sink(false);
    const board = new ProgressBoard(out);
    const overall = board.add('total (1 files)', 1000, { pinned: true });
    const bar = board.add('01 Intro.wav', 1000);
    bar.advance(500);
    overall.advance(500);
    board.log('done  01 Intro.wav', results);
    board.stop();
    const text = out.chunks.join('');
    expect(text).toMatch(/01 Intro\.wav\s+\[█{12}░{12}\]\s+50%  500 B \/ 1000 B/);
    expect(text.indexOf('01 Intro.wav')).toBeLessThan(text.lastIndexOf('total (1 files)'));
    expect(text).toContain('\u001b[2A\u001b[0J');
    expect(text.endsWith('\u001b[2A\u001b[0J')).toBe(true);
    expect(results.chunks).toEqual(['done  01 Intro.wav\n']);
  });

  test('in a pipe there are no escape codes: a line when a file starts, then plain periodic lines', async () => {
    const out = sink(false);
    const board = new ProgressBoard(out, { plainIntervalMs: 50 });
    const bar = board.add('02 Long.wav', 2048);
    bar.advance(1024);
    await new Promise((resolve) => setTimeout(resolve, 400));
    board.stop();
    const text = out.chunks.join('');
    expect(text).not.toContain('\u001b[');
    expect(text).toMatch(/^02 Long\.wav\s+0%  0 B \/ 2\.0 KiB/m);
    expect(text).toMatch(/^02 Long\.wav\s+50%  1\.0 KiB \/ 2\.0 KiB/m);
  });
});

describe('admin CLI (bin/synesthesie-media.mjs) against the running service on the fs store', () => {
  let svc: TestService;
  let admin: string;
  let env: Record<string, string>;
  let dataDir: string;
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'media-cli-'));
    dirs.push(dir);
    return dir;
  };
  /** Part PUTs the service's signed-URL route answered, from its request log. */
  const partPuts = () =>
    svc.logs.lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Json)
      .filter((l) => l.method === 'PUT' && String(l.path).startsWith('/objects/') && l.status === 200).length;
  const setOf = async (id: string): Promise<Json> => {
    const res = await svc.call(`/v1/admin/music-sets/${id}`, { token: admin });
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };

  beforeAll(async () => {
    dataDir = await tempDir();
    svc = await startTestService('fs', { DATA_DIR: dataDir });
    admin = await svc.tokens.admin('cli-admin');
    env = { SYNESTHESIE_URL: svc.url, SYNESTHESIE_TOKEN: admin };
  });
  afterAll(async () => {
    await svc?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test(
    'usage: an unknown command and bad options exit 2 with the usage; --help exits 0',
    async () => {
      const unknown = await cli(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: synesthesie-media <command>[\s\S]*upload-set[\s\S]*exit codes/);
      const badOption = await cli(['list', '--colour'], env);
      expect(badOption.code).toBe(2);
      expect(badOption.stderr).toMatch(/--colour[\s\S]*usage: synesthesie-media list/);
      const help = await cli(['upload-set', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/--title[\s\S]*--concurrency/);
      const noTitle = await cli(['upload-set', await audioDir({ 'a.wav': smallWav })], env);
      expect(noTitle.code).toBe(2);
      expect(noTitle.stderr).toMatch(/--title is required/);
      noStackTrace(noTitle);
    },
    SLOW,
  );

  test(
    'token mints admin and member tokens the service accepts, from AUTH_JWT_SECRET or the dev secret file',
    async () => {
      const minted = await cli(['token', '--role', 'admin', '--sub', 'ops-script', '--ttl', '90s'], { AUTH_JWT_SECRET: TEST_JWT_SECRET });
      expect(minted.code).toBe(0);
      const adminToken = minted.stdout.trim();
      expect(decodeJwt(adminToken)).toMatchObject({ sub: 'ops-script', role: 'admin' });
      const claims = decodeJwt(adminToken);
      expect(claims.exp! - claims.iat!).toBe(90);
      expect((await svc.call('/v1/admin/images', { token: adminToken })).status).toBe(200);

      const member = (await cli(['token', '--role', 'member'], { AUTH_JWT_SECRET: TEST_JWT_SECRET })).stdout.trim();
      expect((await svc.call('/v1/images', { token: member })).status).toBe(200);
      expect((await svc.call('/v1/admin/images', { token: member })).status).toBe(403);

      const dataDir = await tempDir();
      const devSecret = 'dev-secret-abcdefghijklmnopqrstuvwxyz-0123456789';
      await writeFile(join(dataDir, 'dev-jwt.key'), `${devSecret}\n`);
      const dev = await cli(['token', '--role', 'admin'], { DATA_DIR: dataDir });
      expect(dev.code).toBe(0);
      const verified = await jwtVerify(dev.stdout.trim(), new TextEncoder().encode(devSecret));
      expect(verified.payload).toMatchObject({ role: 'admin', sub: 'cli-admin' });

      const noSecret = await cli(['token', '--role', 'admin'], { DATA_DIR: await tempDir() });
      expect(noSecret.code).toBe(1);
      expect(noSecret.stderr).toMatch(/no AUTH_JWT_SECRET and no development secret/);
    },
    SLOW,
  );

  test(
    "a bad token exits 3 with the service's problem detail; a member token too; an unreachable service exits 5",
    async () => {
      const bad = await cli(['list'], { ...env, SYNESTHESIE_TOKEN: 'not-a-jwt' });
      expect(bad.code).toBe(3);
      expect(bad.stderr).toMatch(/^error: 401 UNAUTHENTICATED/m);
      noStackTrace(bad);
      const member = await cli(['list', '--token', await svc.tokens.member()], env);
      expect(member.code).toBe(3);
      expect(member.stderr).toMatch(/403 FORBIDDEN/);
      const down = await cli(['list', '--url', `http://127.0.0.1:${await freePort()}`], env);
      expect(down.code).toBe(5);
      expect(down.stderr).toMatch(/cannot reach the service at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    },
    SLOW,
  );

  test(
    'upload-images of a folder with 3 images and a text file uploads the images and exits 1 (partial)',
    async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'a-sunset.jpg'), await makeImage('jpeg', 64, 48));
      await writeFile(join(dir, 'b-crowd.png'), await makeImage('png', 40, 30));
      await writeFile(join(dir, 'c-stage.webp'), await makeImage('webp', 32, 32));
      await writeFile(join(dir, 'notes.txt'), 'not an image\n');
      const run = await cli(['upload-images', dir, '--public'], env);
      expect(run.code, run.stderr).toBe(1);
      for (const name of ['a-sunset.jpg', 'b-crowd.png', 'c-stage.webp'])
        expect(run.stdout).toMatch(new RegExp(`^done  ${name.replace('.', '\\.')}  \\d+x\\d+  image [0-9a-f-]{36}$`, 'm'));
      expect(run.stdout).toMatch(/^fail  notes\.txt  UNSUPPORTED_MEDIA_TYPE/m);
      expect(run.stdout).toMatch(/^3 uploaded, 1 failed, of 4 file\(s\)/m);
      const listed = (await (await svc.call('/v1/images', { token: admin })).json()) as Json;
      expect(listed.items).toHaveLength(3);
    },
    SLOW,
  );

  test(
    'upload-set uploads every audio file in name order through multipart, then a re-run skips them all',
    async () => {
      const bigWav = makeWav({ seconds: 72, sampleRate: 44_100, channels: 2 });
      const dir = await audioDir({
        '03 Outro.wav': smallWav,
        '01 Intro.wav': smallWav,
        '02 Long Ride.wav': bigWav,
        'cover.jpg': await makeImage('jpeg', 8, 8),
      });
      const putsBefore = partPuts();
      const run = await cli(['upload-set', dir, '--title', 'Sunday Session', '--public', '--description', 'live'], env);
      expect(run.code, run.stderr).toBe(0);
      const setId = /created set ([0-9a-f-]{36}) "Sunday Session" \(public\)/.exec(run.stdout)?.[1];
      expect(setId).toBeDefined();
      expect(run.stdout).toMatch(/^done  02 Long Ride\.wav  12\.1 MiB  3 part\(s\) \(0 resumed, 3 sent\)/m);
      expect(partPuts() - putsBefore).toBe(5);
      expect(run.stderr).toMatch(/^02 Long Ride\.wav\s+0%  0 B \/ 12\.1 MiB/m);

      const set = await setOf(setId!);
      expect(set).toMatchObject({ title: 'Sunday Session', visibility: 'public', description: 'live' });
      expect((set.tracks as Json[]).map((t) => [t.position, t.title, t.status])).toEqual([
        [1, '01 Intro', 'ready'],
        [2, '02 Long Ride', 'ready'],
        [3, '03 Outro', 'ready'],
      ]);
      expect(sha256(await storedBytes(svc, trackKey((set.tracks as Json[])[1]!.id as string)))).toBe(sha256(bigWav));

      const again = await cli(['upload-set', dir], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/resuming set/);
      expect(again.stdout.match(/^skip  /gm)).toHaveLength(3);
      expect(partPuts() - putsBefore).toBe(5);
      expect((await setOf(setId!)).tracks).toHaveLength(3);

      const list = await cli(['list'], env);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`^${setId}\\s+public\\s+3\\s+1:16\\s+Sunday Session$`, 'm'));
      expect(list.stdout).toMatch(/^images \(3\)$/m);
    },
    SLOW,
  );

  test(
    'an interrupted upload-set resumes: only the missing parts are sent again',
    async () => {
      const bigWav = makeWav({ seconds: 72, sampleRate: 44_100, channels: 2 });
      const dir = await audioDir({ '01 Long.wav': bigWav, '02 Short.wav': smallWav });
      const putsBefore = partPuts();
      const stopped = await cli(['upload-set', dir, '--title', 'Resumed', '--stop-after-parts', '1'], env);
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toMatch(/stopped after 1 part\(s\)/);
      expect(partPuts() - putsBefore).toBe(1);
      const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as Json;
      const saved = state.files['01 Long.wav'] as Json;
      expect(saved).toMatchObject({ uploadId: expect.any(String), partCount: 3 });
      const held = (await (await svc.call(`/v1/admin/uploads/${encodeURIComponent(saved.uploadId as string)}/parts`, { token: admin })).json()) as Json;
      expect(held.parts).toHaveLength(1);

      const resumed = await cli(['upload-set', dir], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/^done  01 Long\.wav  12\.1 MiB  3 part\(s\) \(1 resumed, 2 sent\)/m);
      expect(partPuts() - putsBefore).toBe(1 + 2 + 1);
      const set = await setOf(state.setId as string);
      expect((set.tracks as Json[]).map((t) => [t.title, t.status])).toEqual([
        ['01 Long', 'ready'],
        ['02 Short', 'ready'],
      ]);
      expect(sha256(await storedBytes(svc, trackKey((set.tracks as Json[])[0]!.id as string)))).toBe(sha256(bigWav));
    },
    SLOW,
  );

  test(
    "sweep runs the service's sweeper with its environment: a stale direct upload is aborted and its track removed",
    async () => {
      const created = await svc.call('/v1/admin/music-sets', { method: 'POST', token: admin, ...json({ title: 'Stale' }) });
      const setId = ((await created.json()) as Json).id as string;
      const started = await svc.call(`/v1/admin/music-sets/${setId}/uploads`, {
        method: 'POST',
        token: admin,
        ...json({ filename: 'x.wav', contentType: 'audio/wav', byteSize: 1000 }),
      });
      expect(started.status).toBe(201);
      const { trackId } = (await started.json()) as Json;
      const run = await cli(['sweep'], {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: svc.pool.options.connectionString!,
        DATA_DIR: dataDir,
        STORAGE_DRIVER: 'fs',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        ORPHAN_GRACE_SECONDS: '0',
        SWEEP_INTERVAL_SECONDS: '0',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual(expect.any(Object));
      expect((await svc.pool.query('select count(*)::int as n from media.tracks where id = $1', [trackId])).rows[0]).toEqual({ n: 0 });
    },
    SLOW,
  );

  const smallWav = makeWav({ seconds: 2, sampleRate: 8000, channels: 1 });
  const audioDir = async (files: Record<string, Uint8Array>): Promise<string> => {
    const dir = await tempDir();
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
    return dir;
  };
});
