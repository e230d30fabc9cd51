import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { PgMusicRepository } from '../src/adapters/postgres/pg-music-repository.ts';
import type { BenchDatabase } from './support/backends.ts';
import { repoRoot, spawnTs } from './support/child-process.ts';
import { startChildService } from './support/child-service.ts';
import type { Bench, BenchContext } from './support/context.ts';
import { figure, type Figure } from './support/results.ts';
import { sampleRss } from './support/rss-sampler.ts';
import { directMultipart, postTrack } from './support/upload-clients.ts';
import { TEST_TABLES } from '../test/support/test-schema.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface Measured {
  mibPerSecond: number;
  peakMiB: number;
  idleMiB: number;
}

const label = (bytes: number) => (bytes >= GiB ? `${+(bytes / GiB).toFixed(2)} GiB` : `${+(bytes / MiB).toFixed(1)} MiB`);

const newSet = async (db: BenchDatabase): Promise<string> =>
  (
    await new PgMusicRepository(db.pool, TEST_TABLES).createSet({
      id: randomUUID(),
      title: `Upload bench ${randomUUID().slice(0, 8)}`,
      description: null,
      visibility: 'private',
      createdBy: 'bench-admin',
      createdAt: new Date(),
    })
  ).id;

/** One upload against a fresh service process, its resident set sampled throughout. */
const throughService = async (ctx: BenchContext, db: BenchDatabase, bucket: string, bytes: number, flow: 'api' | 'direct-multipart'): Promise<Measured> => {
  const service = await startChildService({ databaseUrl: db.url, store: { kind: 's3', endpoint: ctx.backends.s3Endpoint, bucket } });
  try {
    const token = await service.token('admin');
    const setId = await newSet(db);
    const idle = service.memory().rss;
    const sampler = sampleRss(service.pid);
    const started = performance.now();
    if (flow === 'api') {
      const answer = await postTrack(service.url, token, setId, bytes);
      if (answer.status !== 201) throw new Error(`track upload answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    } else {
      await directMultipart(service.url, token, setId, bytes);
    }
    const seconds = (performance.now() - started) / 1000;
    const peak = Math.max(sampler.stop(), service.memory().peak);
    return { mibPerSecond: bytes / MiB / seconds, peakMiB: peak / MiB, idleMiB: idle / MiB };
  } finally {
    await service.stop();
  }
};

/** The baseline: lib-storage Upload in a process of its own (support/direct-upload.child.ts). */
const directLibStorage = async (ctx: BenchContext, bucket: string, bytes: number): Promise<Measured> => {
  const child = spawnTs(`${repoRoot}bench/support/direct-upload.child.ts`, [ctx.backends.s3Endpoint, bucket, `bench/${randomUUID()}`, String(bytes)], {});
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000);
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`direct upload exited with ${code}: ${stderr}`)));
  });
  const out = JSON.parse(line) as { seconds: number; idle: number; peak: number; peakSampled: number };
  return { mibPerSecond: bytes / MiB / out.seconds, peakMiB: Math.max(out.peak, out.peakSampled) / MiB, idleMiB: out.idle / MiB };
};

/**
 * A track through POST …/tracks (busboy → lib-storage → s3rver) against a direct lib-storage Upload
 * of the same bytes to the same store. With --large also 4 GiB, and the direct multipart flow.
 */
export const uploadBench: Bench = async (ctx) => {
  const db = await ctx.backends.database();
  const bucket = await ctx.backends.bucket();
  const sizes = [...new Set(ctx.args.large ? [ctx.args.size, 4 * GiB] : [ctx.args.size])];
  const figures: Figure[] = [];
  for (const bytes of sizes) {
    const direct = await directLibStorage(ctx, bucket, bytes);
    ctx.log(`upload ${label(bytes)}: direct lib-storage ${direct.mibPerSecond.toFixed(0)} MiB/s, peak ${direct.peakMiB.toFixed(0)} MiB`);
    const api = await throughService(ctx, db, bucket, bytes, 'api');
    ctx.log(`upload ${label(bytes)}: POST …/tracks ${api.mibPerSecond.toFixed(0)} MiB/s, peak ${api.peakMiB.toFixed(0)} MiB (idle ${api.idleMiB.toFixed(0)})`);
    const base = { bench: 'upload', baselineName: 'lib-storage Upload, same bytes, same store' };
    figures.push(
      figure({ ...base, figure: `POST …/tracks ${label(bytes)} throughput`, unit: 'MiB/s', value: api.mibPerSecond, baseline: direct.mibPerSecond }),
      figure({ ...base, figure: `POST …/tracks ${label(bytes)} service peak RSS`, unit: 'MiB', value: api.peakMiB, baseline: direct.peakMiB }),
      figure({
        ...base,
        figure: `POST …/tracks ${label(bytes)} RSS growth over idle`,
        unit: 'MiB',
        value: api.peakMiB - api.idleMiB,
        baseline: direct.peakMiB - direct.idleMiB,
      }),
    );
    if (ctx.args.multipart) {
      const flow = await throughService(ctx, db, bucket, bytes, 'direct-multipart');
      ctx.log(`upload ${label(bytes)}: direct multipart flow ${flow.mibPerSecond.toFixed(0)} MiB/s, service peak ${flow.peakMiB.toFixed(0)} MiB`);
      figures.push(
        figure({ ...base, figure: `direct multipart flow ${label(bytes)} throughput`, unit: 'MiB/s', value: flow.mibPerSecond, baseline: direct.mibPerSecond }),
        figure({ ...base, figure: `direct multipart flow ${label(bytes)} service peak RSS`, unit: 'MiB', value: flow.peakMiB, baseline: direct.peakMiB }),
      );
    }
  }
  return figures;
};
