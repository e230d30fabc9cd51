import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TestS3 {
  endpoint: string;
  /** Capabilities the server lacks; contract tests mark these instead of silently passing them. */
  gaps: string[];
  stop(): Promise<void>;
}

/** Gaps of s3rver 3.7.1, checked by hand (ARCHITECTURE.md, Tests). */
export const S3RVER_GAPS = [
  'sigv4-verification',
  'suffix-range',
  'abort-multipart',
  'list-parts',
  'list-multipart-uploads',
  'bucket-policy',
  'public-access-block',
  'lifecycle',
  'ownership-controls',
  'bucket-encryption',
  // Completion accepts any part list (no ETag/order/size checks).
  'multipart-validation',
  // Lists `a/b` before `a-1` and pages past keys it skipped.
  'list-order',
];

/** TEST_S3_ENDPOINT when set (a real S3-compatible server, no gaps assumed), else s3rver in a child process. */
export const startTestS3 = async (): Promise<TestS3> => {
  const external = process.env.TEST_S3_ENDPOINT;
  if (external) {
    const gaps = (process.env.TEST_S3_GAPS ?? '').split(',').filter(Boolean);
    return { endpoint: external, gaps, stop: async () => undefined };
  }
  const script = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));
  // Under Deno, process.execPath is deno, which ignores Node's --openssl-legacy-provider: run s3rver on node.
  const runtime = 'deno' in process.versions ? 'node' : process.execPath;
  const child = spawn(runtime, ['--openssl-legacy-provider', script], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited early with code ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    gaps: S3RVER_GAPS,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
