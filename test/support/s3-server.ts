import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { missingRgwBinaries, startTestRgw } from './rgw-server.ts';
import { externalProfile, RGW_PROFILE, S3RVER_PROFILE, type S3ServerProfile } from './s3-capabilities.ts';

export interface TestS3 {
  endpoint: string;
  /** Which server this is and what it does differently from AWS; tests key on it instead of on the server's name. */
  profile: S3ServerProfile;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** s3rver accepts any credentials; these are the ones the suite has always used with it. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const startS3rver = async (): Promise<TestS3> => {
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
    profile: S3RVER_PROFILE,
    credentials: S3RVER_CREDENTIALS,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/**
 * TEST_S3_ENDPOINT when set (credentials from TEST_S3_ACCESS_KEY_ID / TEST_S3_SECRET_ACCESS_KEY, gaps
 * from TEST_S3_GAPS); else Ceph RGW when its Debian packages are installed (a real S3 that checks
 * signatures; TEST_S3_RGW=0 opts out); else s3rver in a child process. Says which, and why.
 */
export const startTestS3 = async (log: (line: string) => void = (line) => console.log(line)): Promise<TestS3> => {
  const external = process.env.TEST_S3_ENDPOINT;
  if (external) {
    const gaps = (process.env.TEST_S3_GAPS ?? '').split(',').filter(Boolean);
    log(`[s3] using TEST_S3_ENDPOINT ${external}`);
    return {
      endpoint: external,
      profile: externalProfile(external, gaps),
      credentials: {
        accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? S3RVER_CREDENTIALS.accessKeyId,
        secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? S3RVER_CREDENTIALS.secretAccessKey,
      },
      stop: async () => undefined,
    };
  }
  const missing = missingRgwBinaries();
  const why =
    process.env.TEST_S3_RGW === '0'
      ? 'TEST_S3_RGW=0'
      : missing.length > 0
        ? `Ceph RGW is not installed (missing ${missing.join(', ')}; apt-get install radosgw ceph-mon ceph-osd)`
        : null;
  if (why === null) {
    const started = Date.now();
    const rgw = await startTestRgw();
    log(`[s3] Ceph RGW started at ${rgw.endpoint} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...rgw, profile: RGW_PROFILE };
  }
  log(`[s3] falling back to s3rver: ${why}; tests of what s3rver lacks are marked as not run`);
  return startS3rver();
};
