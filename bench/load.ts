import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import sharp from 'sharp';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { S3ObjectStore } from '../src/adapters/s3/s3-object-store.ts';
import type { ObjectStore } from '../src/adapters/shared/object-store.ts';
import { startBackends } from './support/backends.ts';
import { BENCH_OBJECT_SECRET, startChildService, type ChildService, type StoreChoice } from './support/child-service.ts';
import { LatencyLog } from './support/latency-log.ts';
import { machine, writeResults } from './support/results.ts';
import { sampleRss } from './support/rss-sampler.ts';
import { seedImages, seedMusic } from './support/seed.ts';
import { wavHeader } from './support/wav-stream.ts';

const KiB = 1024;
const RANGE = 256 * KiB;
const TRACK_BYTES = 2 * 1024 * KiB;
const TIMEOUT_MS = 30_000;

const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const args = {
  seconds: Number(option('seconds', '60')),
  members: Number(option('members', '200')),
  admins: Number(option('admins', '5')),
  store: option('store', 'fs') as 'fs' | 's3',
  thinkMs: Number(option('think-ms', '0')),
};

const log = (message: string) => process.stderr.write(`[load] ${message}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Times one request; anything but the expected status (or a throw) counts as an error. */
const timed = async <T>(book: LatencyLog, kind: string, work: () => Promise<{ ok: boolean; why?: string; value?: T }>): Promise<T | undefined> => {
  const started = performance.now();
  try {
    const out = await work();
    if (!out.ok) {
      book.fail(kind, out.why ?? 'unexpected answer');
      return undefined;
    }
    book.record(kind, performance.now() - started);
    return out.value;
  } catch (error) {
    book.fail(kind, error instanceof Error ? error.message : String(error));
    return undefined;
  }
};

const getJson = async <T>(url: string, token: string): Promise<{ ok: boolean; why?: string; value?: T }> => {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) return { ok: false, why: `${response.status} ${(await response.text()).slice(0, 200)}` };
  return { ok: true, value: (await response.json()) as T };
};

/** A member: lists images and sets, asks for a stream URL, reads 256 KiB from a random offset through it. */
const member = async (service: ChildService, token: string, book: LatencyLog, deadline: number): Promise<void> => {
  while (performance.now() < deadline) {
    await timed(book, 'GET /v1/images', () => getJson(`${service.url}/v1/images?limit=30`, token));
    const sets = await timed(book, 'GET /v1/music-sets', () =>
      getJson<{ items: Array<{ tracks: Array<{ id: string; byteSize: number }> }> }>(`${service.url}/v1/music-sets?limit=10`, token),
    );
    const tracks = sets?.items.flatMap((s) => s.tracks) ?? [];
    const track = tracks[Math.floor(Math.random() * tracks.length)];
    if (track) {
      const stream = await timed(book, 'GET /v1/tracks/{id}/stream', () => getJson<{ url: string }>(`${service.url}/v1/tracks/${track.id}/stream`, token));
      if (stream) {
        const start = Math.floor(Math.random() * (track.byteSize - RANGE));
        await timed(book, 'ranged GET 256 KiB', async () => {
          const response = await fetch(stream.url, { headers: { range: `bytes=${start}-${start + RANGE - 1}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
          const body = await response.arrayBuffer();
          const ok = response.status === 206 && body.byteLength === RANGE;
          return ok ? { ok } : { ok, why: `${response.status}, ${body.byteLength} bytes` };
        });
      }
    }
    if (args.thinkMs > 0) await pause(Math.random() * args.thinkMs * 2);
  }
};

/** An admin: uploads small, distinct JPEGs one at a time. */
const admin = async (service: ChildService, token: string, book: LatencyLog, deadline: number, n: number): Promise<void> => {
  let i = 0;
  while (performance.now() < deadline) {
    const colour = { r: (n * 50 + i) % 256, g: (i * 7) % 256, b: Math.floor(i / 256) % 256 };
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
    i += 1;
    await timed(book, 'POST /v1/admin/images', async () => {
      const form = new FormData();
      form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), `load-${n}-${i}.jpg`);
      form.append('visibility', 'public');
      const response = await fetch(`${service.url}/v1/admin/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      return response.status === 201 ? { ok: true } : { ok: false, why: `${response.status} ${text.slice(0, 200)}` };
    });
  }
};

const trackBytes = (): Uint8Array => {
  const bytes = new Uint8Array(TRACK_BYTES);
  bytes.set(wavHeader(TRACK_BYTES));
  return bytes;
};

/** `npm run load [-- --seconds=60 --members=200 --admins=5 --store=fs|s3 --think-ms=0]` */
const main = async (): Promise<void> => {
  log(`machine ${JSON.stringify(machine())}; ${JSON.stringify(args)}`);
  const backends = await startBackends();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-load-'));
  let service: ChildService | undefined;
  try {
    const db = await backends.database();
    let choice: StoreChoice;
    let store: ObjectStore;
    if (args.store === 's3') {
      const bucket = await backends.bucket();
      choice = { kind: 's3', endpoint: backends.s3Endpoint, bucket };
      store = new S3ObjectStore({ client: backends.s3, bucket });
    } else {
      choice = { kind: 'fs', dataDir };
      store = new FsObjectStore({ root: join(dataDir, 'objects'), publicBaseUrl: 'http://127.0.0.1', signingSecret: BENCH_OBJECT_SECRET });
    }
    log('seeding 300 images and 10 sets x 10 tracks of 2 MiB');
    await seedImages(db.pool, 300);
    await seedMusic(db.pool, { sets: 10, tracksPerSet: 10, store, trackBytes });
    service = await startChildService({ databaseUrl: db.url, store: choice });
    const running = service;
    const memberTokens = await Promise.all(Array.from({ length: args.members }, (_, i) => running.token('member', `load-member-${i}`)));
    const adminTokens = await Promise.all(Array.from({ length: args.admins }, (_, i) => running.token('admin', `load-admin-${i}`)));
    const book = new LatencyLog();
    const idle = running.memory().rss;
    const sampler = sampleRss(running.pid);
    const started = performance.now();
    const deadline = started + args.seconds * 1000;
    log(`running ${args.members} members and ${args.admins} admins for ${args.seconds} s`);
    await Promise.all([
      ...memberTokens.map((token) => member(running, token, book, deadline)),
      ...adminTokens.map((token, n) => admin(running, token, book, deadline, n)),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    const peak = Math.max(sampler.stop(), running.memory().peak);
    const rows = book.summary();
    const m = machine();
    process.stdout.write(`\nMachine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; store ${args.store}; ${elapsed.toFixed(1)} s\n\n`);
    process.stdout.write('| request | count | errors | req/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n');
    for (const r of rows) {
      process.stdout.write(
        `| ${r.kind} | ${r.count} | ${r.errors} | ${(r.count / elapsed).toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} |\n`,
      );
    }
    process.stdout.write(`\nservice RSS: idle ${(idle / 1024 ** 2).toFixed(0)} MiB, peak ${(peak / 1024 ** 2).toFixed(0)} MiB\n`);
    const errors = book.errors();
    process.stdout.write(`errors: ${errors}${errors > 0 ? ` (first: ${book.firstErrors.join(' | ')})` : ''}\n`);
    const path = await writeResults('load-latest.json', {
      args,
      elapsedSeconds: elapsed,
      rows,
      idleRss: idle,
      peakRss: peak,
      errors,
      firstErrors: book.firstErrors,
    });
    process.stdout.write(`written to ${path}\n`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await service?.stop();
    await backends.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
