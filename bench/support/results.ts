import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One figure beside its baseline measured in the same run. */
export interface Figure {
  bench: string;
  figure: string;
  unit: string;
  value: number | null;
  baseline: number | null;
  baselineName: string;
  /** value / baseline; null when either is missing. */
  ratio: number | null;
  note?: string;
}

export const figure = (f: Omit<Figure, 'ratio'>): Figure => ({
  ...f,
  ratio: f.value !== null && f.baseline !== null && f.baseline !== 0 ? f.value / f.baseline : null,
});

const fmt = (n: number | null): string => {
  if (n === null || !Number.isFinite(n)) return 'n/a';
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(3);
};

export const machine = () => ({
  node: process.version,
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  platform: `${process.platform}-${process.arch}`,
});

export const formatTable = (figures: Figure[]): string => {
  const header = ['bench', 'figure', 'value', 'baseline', 'ratio', 'unit', 'baseline is'];
  const rows = figures.map((f) => [f.bench, f.figure, fmt(f.value), fmt(f.baseline), f.ratio === null ? 'n/a' : `${fmt(f.ratio)}x`, f.unit, f.baselineName]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

export const writeResults = async (name: string, payload: Record<string, unknown>): Promise<string> => {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const path = `${dir}${name}`;
  await writeFile(path, `${JSON.stringify({ at: new Date().toISOString(), machine: machine(), ...payload }, null, 2)}\n`);
  return path;
};
