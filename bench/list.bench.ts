import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { repoRoot, spawnTs, stopChild } from './support/child-process.ts';
import { startChildService } from './support/child-service.ts';
import type { Bench } from './support/context.ts';
import { freePort } from '../test/support/free-port.ts';
import { hammer, type HttpRun } from './support/load-http.ts';
import { figure, type Figure } from './support/results.ts';
import { seedImages, seedMusic } from './support/seed.ts';

const IMAGES = 1000;
const SETS = 50;
const TRACKS = 20;

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

/** Walks every page of an image list once; mean latency per page in ms. */
const walkImages = async (url: string, token: string, path = '/v1/images?limit=100'): Promise<number> => {
  let cursor: string | null = null;
  const times: number[] = [];
  do {
    const started = performance.now();
    const response: Response = await fetch(`${url}${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as Page;
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`list answered ${response.status}`);
    cursor = page.nextCursor;
  } while (cursor);
  return times.reduce((a, b) => a + b, 0) / times.length;
};

const startBare = async (routes: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> => {
  const port = await freePort();
  const child = spawnTs(`${repoRoot}bench/support/bare-server.ts`, [String(port), ...Object.entries(routes).map(([p, f]) => `${p}=${f}`)], {});
  child.stderr?.resume();
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
};

const compare = (name: string, service: HttpRun | null, bare: HttpRun | null, note?: string): Figure[] => {
  const base = { bench: 'list', baselineName: 'bare express, same JSON body', ...(note ? { note } : {}) };
  return [
    figure({ ...base, figure: `${name} throughput`, unit: 'req/s', value: service?.rps ?? null, baseline: bare?.rps ?? null }),
    figure({ ...base, figure: `${name} p50`, unit: 'ms', value: service?.p50 ?? null, baseline: bare?.p50 ?? null }),
    figure({ ...base, figure: `${name} p99`, unit: 'ms', value: service?.p99 ?? null, baseline: bare?.p99 ?? null }),
  ];
};

/**
 * Member list routes of the service (child process, real Postgres, s3 store on s3rver) under autocannon,
 * against a bare express app serving the same bytes; plus the share of a cold image page spent presigning.
 */
export const listBench: Bench = async (ctx) => {
  const db = await ctx.backends.database();
  const bucket = await ctx.backends.bucket();
  ctx.log(`list: seeding ${IMAGES} images and ${SETS} sets x ${TRACKS} tracks`);
  await seedImages(db.pool, IMAGES);
  await seedImages(db.pool, IMAGES, 'private');
  await seedMusic(db.pool, { sets: SETS, tracksPerSet: TRACKS });
  const service = await startChildService({ databaseUrl: db.url, store: { kind: 's3', endpoint: ctx.backends.s3Endpoint, bucket } });
  const dir = await mkdtemp(join(tmpdir(), 'bench-list-'));
  const opts = { seconds: ctx.args.seconds, connections: ctx.args.connections };
  const imagesPath = '/v1/images?limit=100';
  const musicPath = `/v1/music-sets?limit=${SETS}`;
  try {
    const token = await service.token('member');
    const auth = { headers: { authorization: `Bearer ${token}` } };
    // Warm the process (JIT, pool, Postgres caches) on the admin list of the private images: the same
    // query and presign code on other keys, so the cold walk below is cold in the memo only.
    const adminToken = await service.token('admin');
    for (let i = 0; i < 2; i++) await walkImages(service.url, adminToken, '/v1/admin/images?visibility=private&limit=100');
    const coldPage = await walkImages(service.url, token);
    const warmPage = Math.min(await walkImages(service.url, token), await walkImages(service.url, token));

    const imagesBody = Buffer.from(await (await fetch(`${service.url}${imagesPath}`, auth)).arrayBuffer());
    const musicResponse = await fetch(`${service.url}${musicPath}`, auth);
    const musicBody = musicResponse.ok ? Buffer.from(await musicResponse.arrayBuffer()) : null;
    await writeFile(join(dir, 'images.json'), imagesBody);
    if (musicBody) await writeFile(join(dir, 'music.json'), musicBody);
    const urlsPerPage = (imagesBody.toString().match(/https?:\/\//g) ?? []).length;

    const serviceImages = await hammer(`${service.url}${imagesPath}`, { ...opts, token });
    const serviceMusic = musicBody ? await hammer(`${service.url}${musicPath}`, { ...opts, token }) : null;
    const tally = (r: HttpRun | null) =>
      r
        ? `${r.rps.toFixed(0)} req/s (errors ${r.errors}, of which timeouts ${r.timeouts}; non-2xx ${r.non2xx}; statuses ${JSON.stringify(r.statuses)})`
        : 'n/a';
    ctx.log(`list: service images ${tally(serviceImages)}, music ${tally(serviceMusic)}`);
    await service.stop();

    const bare = await startBare({ '/images': join(dir, 'images.json'), ...(musicBody ? { '/music': join(dir, 'music.json') } : {}) });
    let bareImages: HttpRun;
    let bareMusic: HttpRun | null = null;
    try {
      bareImages = await hammer(`${bare.url}/images`, opts);
      if (musicBody) bareMusic = await hammer(`${bare.url}/music`, opts);
    } finally {
      await bare.stop();
    }
    const coldMicros = ctx.shared.get('presign.coldMicros');
    const estimatedShare = coldMicros === undefined ? null : (100 * (urlsPerPage * coldMicros)) / 1000 / coldPage;
    const bad = serviceImages.errors + serviceImages.non2xx + (serviceMusic ? serviceMusic.errors + serviceMusic.non2xx : 0);
    return [
      ...compare(`GET ${imagesPath} (${imagesBody.length} B)`, serviceImages, bareImages),
      ...compare(
        `GET ${musicPath} (${musicBody?.length ?? 0} B)`,
        serviceMusic,
        bareMusic,
        musicBody ? undefined : `member music route answered ${musicResponse.status}`,
      ),
      figure({
        bench: 'list',
        figure: 'errors + non-2xx during the service runs',
        unit: 'count',
        value: bad,
        baseline: null,
        baselineName: '-',
        note: `images ${JSON.stringify(serviceImages.statuses)}, music ${JSON.stringify(serviceMusic?.statuses ?? {})}`,
      }),
      figure({
        bench: 'list',
        figure: `image page, memo cold (${urlsPerPage} URLs)`,
        unit: 'ms',
        value: coldPage,
        baseline: warmPage,
        baselineName: 'same pages, memo warm',
      }),
      figure({
        bench: 'list',
        figure: 'share of a cold page spent presigning (measured)',
        unit: '%',
        value: (100 * (coldPage - warmPage)) / coldPage,
        baseline: estimatedShare,
        baselineName: 'URLs x presign cold cost / page time',
      }),
    ];
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
};
