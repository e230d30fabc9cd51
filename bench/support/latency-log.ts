/** Latencies (ms) and failures per kind of request, for percentiles at the end of a run. */
export class LatencyLog {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  readonly firstErrors: string[] = [];

  record(kind: string, ms: number): void {
    let list = this.samples.get(kind);
    if (!list) this.samples.set(kind, (list = []));
    list.push(ms);
  }

  fail(kind: string, reason: string): void {
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
    if (this.firstErrors.length < 10) this.firstErrors.push(`${kind}: ${reason}`);
  }

  errors(): number {
    return [...this.failures.values()].reduce((a, b) => a + b, 0);
  }

  summary(): Array<{ kind: string; count: number; errors: number; p50: number; p99: number; max: number }> {
    const kinds = new Set([...this.samples.keys(), ...this.failures.keys()]);
    const all = [...this.samples.values()].flat();
    const rows = [...kinds].map((kind) => ({ kind, ...stats(this.samples.get(kind) ?? []), errors: this.failures.get(kind) ?? 0 }));
    return [...rows, { kind: 'all', ...stats(all), errors: this.errors() }];
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
};
