import type { Backends } from './backends.ts';
import type { Figure } from './results.ts';

export interface BenchArgs {
  large: boolean;
  /** Also run the direct multipart flow at `size` (always on with `large`). */
  multipart: boolean;
  /** Bytes of the track in the upload and stream benchmarks. */
  size: number;
  /** Seconds of each autocannon run. */
  seconds: number;
  connections: number;
}

export interface BenchContext {
  backends: Backends;
  args: BenchArgs;
  log(message: string): void;
  /** Figures other benchmarks may reuse (e.g. the cold presign cost for the list's presign share). */
  shared: Map<string, number>;
}

export type Bench = (ctx: BenchContext) => Promise<Figure[]>;
