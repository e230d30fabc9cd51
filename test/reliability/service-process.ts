import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';
import { TEST_JWT_SECRET } from '../support/tokens.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  kill9(): Promise<void>;
}

/** The environment of a service process on the fs store in `dataDir` and the database at `databaseUrl`. */
export const serviceEnv = (dataDir: string, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: '3',
  AUTH_JWT_SECRET: TEST_JWT_SECRET,
  STORAGE_DRIVER: 'fs',
  SWEEP_INTERVAL_SECONDS: '0',
  LOG_LEVEL: 'info',
  ...extra,
});

/** One node process (no tsx wrapper process in between, so SIGKILL hits the service itself). */
const spawnTs = (script: string, args: string[], env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });

/** `src/bootstrap/main.ts` as its own process; resolves once it logged that it listens. */
export const startServiceProcess = async (env: Record<string, string>): Promise<ServiceProcess> => {
  const port = await freePort();
  const child = spawnTs('src/bootstrap/main.ts', [], { ...env, PORT: String(port) });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"msg":"listening"')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`service exited (${code}) before listening:\n${out.slice(-3000)}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await listening;
  } finally {
    clearTimeout(timer);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};

/** `bin/synesthesie-media.mjs <command>` (the CLI) to completion; returns its exit code and output. */
export const runCli = async (command: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> => {
  const child = spawn(process.execPath, ['bin/synesthesie-media.mjs', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
};
