import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from './api-client.ts';
import { CliError } from './cli-error.ts';
import { PartPutError, putFileRange } from './part-put.ts';
import { PartSigner } from './part-signer.ts';
import type { ProgressBar } from './progress.ts';

export interface UploadPlan {
  uploadId: string;
  partSize: number;
  partCount: number;
}

export interface Track {
  id: string;
  position: number;
  title: string;
  artist: string | null;
  durationMs: number | null;
  byteSize: number;
  status?: string;
  originalFilename?: string;
}

/** Shared by every file of a run: the hidden `--stop-after-parts` test hook simulates an interruption. */
export interface PartBudget {
  remaining: number;
}

export class UploadStopped extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'UploadStopped';
  }
}

export interface MultipartUploadOptions {
  client: ApiClient;
  path: string;
  size: number;
  plan: UploadPlan;
  /** True when the upload was started by an earlier run: ask the service which parts it already holds. */
  resuming: boolean;
  concurrency: number;
  bars: ProgressBar[];
  budget?: PartBudget;
  signal?: AbortSignal;
}

export interface MultipartResult {
  track: Track;
  sent: number;
  resumed: number;
}

const ATTEMPTS = 4;

const boundsOf = (plan: UploadPlan, size: number, n: number) => {
  const start = (n - 1) * plan.partSize;
  return { start, end: Math.min(size, start + plan.partSize) };
};

/** Sends the parts the store does not hold yet, several at a time, then asks the service to complete. */
export const runMultipartUpload = async (o: MultipartUploadOptions): Promise<MultipartResult> => {
  const { client, plan, size } = o;
  const base = `/v1/admin/uploads/${encodeURIComponent(plan.uploadId)}`;
  const etags = new Map<number, string>();
  if (o.resuming) {
    const listed = await client.get<{ parts: Array<{ partNumber: number; etag: string; size: number }> }>(`${base}/parts`);
    for (const part of listed.parts) {
      const { start, end } = boundsOf(plan, size, part.partNumber);
      if (part.partNumber <= plan.partCount && part.size === end - start) etags.set(part.partNumber, part.etag);
    }
  }
  const resumed = etags.size;
  for (const n of etags.keys()) {
    const { start, end } = boundsOf(plan, size, n);
    for (const bar of o.bars) bar.skip(end - start);
  }
  const missing = Array.from({ length: plan.partCount }, (_, i) => i + 1).filter((n) => !etags.has(n));
  const allowed = o.budget ? missing.slice(0, Math.max(0, o.budget.remaining)) : missing;
  if (o.budget) o.budget.remaining -= allowed.length;
  const queue = [...allowed];
  const signer = new PartSigner(client, plan.uploadId, () => queue);
  let sent = 0;

  const sendPart = async (n: number): Promise<void> => {
    const range = boundsOf(plan, size, n);
    for (let attempt = 1; ; attempt += 1) {
      let counted = 0;
      try {
        const url = await signer.url(n);
        const etag = await putFileRange(
          url,
          o.path,
          range,
          (bytes) => {
            counted += bytes;
            for (const bar of o.bars) bar.advance(bytes);
          },
          o.signal,
        );
        etags.set(n, etag);
        sent += 1;
        return;
      } catch (error) {
        for (const bar of o.bars) bar.advance(-counted);
        if (o.signal?.aborted) throw new UploadStopped('interrupted');
        if (!(error instanceof PartPutError) || attempt >= ATTEMPTS) {
          throw error instanceof PartPutError ? new CliError(`part ${n} of ${o.path}: ${error.message}`) : error;
        }
        if (error.status === 403) signer.invalidate(n);
        await sleep(500 * 2 ** (attempt - 1));
      }
    }
  };

  const worker = async (): Promise<void> => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      if (o.signal?.aborted) throw new UploadStopped('interrupted');
      await sendPart(n);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, Math.max(1, allowed.length)) }, worker));
  if (etags.size < plan.partCount) {
    throw new UploadStopped(`stopped after ${sent} part(s) as asked (--stop-after-parts); re-run to resume`);
  }
  const parts = [...etags.entries()].sort((a, b) => a[0] - b[0]).map(([partNumber, etag]) => ({ partNumber, etag }));
  const track = await client.post<Track>(`${base}/complete`, { parts });
  return { track, sent, resumed };
};
