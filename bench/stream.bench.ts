import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { FsObjectStore } from '../src/adapters/fs/fs-object-store.ts';
import { PgMusicRepository } from '../src/adapters/postgres/pg-music-repository.ts';
import { trackKey } from '../src/domain/object-keys.ts';
import { BENCH_OBJECT_SECRET, startChildService } from './support/child-service.ts';
import type { Bench } from './support/context.ts';
import { figure, type Figure } from './support/results.ts';
import { wavStream } from './support/wav-stream.ts';
import { TEST_TABLES } from '../test/support/test-schema.ts';

const MiB = 1024 * 1024;
const ROUNDS = 5;

interface Read {
  ttfbMs: number;
  mibPerSecond: number;
}

/** Drains a stream, timing its first byte and its end from `started`. */
const drain = (stream: Readable, started: number, expected: number): Promise<Read> =>
  new Promise((resolve, reject) => {
    let first = 0;
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      if (bytes === 0) first = performance.now();
      bytes += chunk.length;
    });
    stream.on('error', reject);
    stream.on('end', () => {
      if (bytes !== expected) return reject(new Error(`read ${bytes} bytes, expected ${expected}`));
      const seconds = (performance.now() - started) / 1000;
      resolve({ ttfbMs: first - started, mibPerSecond: bytes / MiB / seconds });
    });
  });

const viaHttp = (url: string, start: number, end: number): Promise<Read> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers: { range: `bytes=${start}-${end}` }, agent: false }, (res) => {
      if (res.statusCode !== 206) return reject(new Error(`ranged GET answered ${res.statusCode}`));
      drain(res, started, end - start + 1).then(resolve, reject);
    });
    req.on('error', reject);
    req.end();
  });

const viaDisk = (path: string, start: number, end: number): Promise<Read> =>
  drain(createReadStream(path, { start, end, highWaterMark: 64 * 1024 }), performance.now(), end - start + 1);

const median = (reads: Read[]): Read => {
  const sorted = (pick: (r: Read) => number) => reads.map(pick).sort((a, b) => a - b)[Math.floor(reads.length / 2)] ?? 0;
  return { ttfbMs: sorted((r) => r.ttfbMs), mibPerSecond: sorted((r) => r.mibPerSecond) };
};

/**
 * A ranged read from the middle of a large track through the fs store's signed `/objects` route
 * (URL from GET /v1/tracks/{id}/stream) against reading the same bytes from the same file.
 */
export const streamBench: Bench = async (ctx) => {
  const bytes = ctx.args.size;
  const db = await ctx.backends.database();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-stream-'));
  try {
    const repo = new PgMusicRepository(db.pool, TEST_TABLES);
    const set = await repo.createSet({
      id: randomUUID(),
      title: 'Stream bench',
      description: null,
      visibility: 'public',
      createdBy: 'bench-admin',
      createdAt: new Date(),
    });
    const track = await repo.insertTrack({
      id: randomUUID(),
      setId: set.id,
      title: 'Long take',
      artist: null,
      contentType: 'audio/wav',
      byteSize: 0,
      originalFilename: 'long.wav',
      sha256: null,
      uploadedBy: 'bench-admin',
      createdAt: new Date(),
    });
    if (!track) throw new Error('stream bench: set vanished');
    const store = new FsObjectStore({ root: join(dataDir, 'objects'), publicBaseUrl: 'http://127.0.0.1', signingSecret: BENCH_OBJECT_SECRET });
    ctx.log(`stream: writing a ${(bytes / MiB).toFixed(0)} MiB track to the fs store`);
    await store.put(trackKey(track.id), wavStream(bytes), { contentType: 'audio/wav', byteSize: bytes });
    await repo.markTrackReady(track.id, { durationMs: Math.round((bytes / (44_100 * 4)) * 1000), contentType: 'audio/wav', byteSize: bytes }, new Date());
    const file = join(dataDir, 'objects', ...trackKey(track.id).split('/'));

    const service = await startChildService({ databaseUrl: db.url, store: { kind: 'fs', dataDir } });
    const figures: Figure[] = [];
    try {
      const token = await service.token('member');
      const answer = await fetch(`${service.url}/v1/tracks/${track.id}/stream`, { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok) throw new Error(`stream URL answered ${answer.status}`);
      const { url } = (await answer.json()) as { url: string };
      for (const length of [256 * 1024, Math.min(256 * MiB, Math.floor(bytes / 4))]) {
        const start = Math.floor(bytes / 2 - length / 2);
        const end = start + length - 1;
        await viaHttp(url, start, end);
        await viaDisk(file, start, end);
        const http: Read[] = [];
        const disk: Read[] = [];
        // Not interleaved: a read right after the other kind pays for the other process's wake-up and clean-up.
        for (let i = 0; i < ROUNDS; i++) http.push(await viaHttp(url, start, end));
        for (let i = 0; i < ROUNDS; i++) disk.push(await viaDisk(file, start, end));
        const h = median(http);
        const d = median(disk);
        const name = `${length >= MiB ? `${length / MiB} MiB` : `${length / 1024} KiB`} range mid-track`;
        const base = { bench: 'stream', baselineName: 'fs.createReadStream, same range' };
        figures.push(
          figure({ ...base, figure: `${name}: time to first byte`, unit: 'ms', value: h.ttfbMs, baseline: d.ttfbMs }),
          figure({ ...base, figure: `${name}: throughput`, unit: 'MiB/s', value: h.mibPerSecond, baseline: d.mibPerSecond }),
        );
        ctx.log(
          `stream ${name}: http ${h.ttfbMs.toFixed(2)} ms / ${h.mibPerSecond.toFixed(0)} MiB/s; disk ${d.ttfbMs.toFixed(2)} ms / ${d.mibPerSecond.toFixed(0)} MiB/s`,
        );
      }
    } finally {
      await service.stop();
    }
    return figures;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
};
