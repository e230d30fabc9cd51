import process from 'node:process';
import { listBench } from './list.bench.ts';
import { presignBench } from './presign.bench.ts';
import { streamBench } from './stream.bench.ts';
import { startBackends } from './support/backends.ts';
import type { Bench, BenchArgs } from './support/context.ts';
import { formatTable, machine, writeResults, type Figure } from './support/results.ts';
import { uploadBench } from './upload.bench.ts';

const GiB = 1024 ** 3;
const BENCHES: Record<string, Bench> = { presign: presignBench, list: listBench, upload: uploadBench, stream: streamBench };

const parseSize = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)\s*(k|m|g)?i?b?$/i.exec(text.trim());
  if (!match) throw new Error(`--size: expected e.g. 256MiB or 1GiB, got "${text}"`);
  const unit = { k: 1024, m: 1024 ** 2, g: GiB }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Math.round(Number(match[1]) * unit);
};

const parseArgs = (argv: string[]): { args: BenchArgs; only: string[] } => {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const large = argv.includes('--large');
  const only = (value('only') ?? Object.keys(BENCHES).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  return {
    only,
    args: {
      large,
      multipart: large || argv.includes('--multipart'),
      size: value('size') ? parseSize(value('size') ?? '') : GiB,
      seconds: Number(value('seconds') ?? 5),
      connections: Number(value('connections') ?? 20),
    },
  };
};

/** `npm run bench [-- --large] [--multipart] [--only=presign,list,upload,stream] [--size=1GiB] [--seconds=5] [--connections=20]` */
const main = async (): Promise<void> => {
  const { args, only } = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  log(`machine: ${JSON.stringify(machine())}`);
  const backends = await startBackends();
  const figures: Figure[] = [];
  const failures: Array<{ bench: string; error: string }> = [];
  const shared = new Map<string, number>();
  try {
    for (const name of only) {
      const started = Date.now();
      log(`${name}: starting`);
      try {
        figures.push(...(await BENCHES[name]!({ backends, args, log, shared })));
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ bench: name, error: text });
        log(`${name}: FAILED ${text}`);
      }
      log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await backends.stop();
  }
  const m = machine();
  process.stdout.write(`\nMachine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}\n\n`);
  process.stdout.write(`${formatTable(figures)}\n`);
  const path = await writeResults('latest.json', { args, only, figures, failures });
  process.stdout.write(`\nwritten to ${path}\n`);
  if (failures.length > 0) {
    process.stdout.write(`failed: ${failures.map((f) => f.bench).join(', ')}\n`);
    process.exitCode = 1;
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
