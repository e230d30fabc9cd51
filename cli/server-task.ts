import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { EXIT } from './exit-codes.ts';

/**
 * Runs a server-side maintenance task of the service's own ops CLI (src/bootstrap/cli.ts) in a child
 * process, with this process's environment: the task needs the service's configuration (database,
 * store, secrets), not its HTTP API. The ops CLI already answers 0 / 1 / 2 like this one.
 */
export const runServerTask = (task: 'sweep' | 'provision', ctx: CommandContext): Promise<number> => {
  const script = fileURLToPath(new URL('../src/bootstrap/cli.ts', import.meta.url));
  const loader = import.meta.resolve('tsx');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', loader, script, task], {
      env: ctx.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => ctx.stdout.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => ctx.stderr.write(chunk.toString()));
    const stop = () => child.kill('SIGINT');
    ctx.signal.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      ctx.stderr.write(`cannot run ${task}: ${error.message}\n`);
      resolve(EXIT.failure);
    });
    child.on('close', (code, signal) => {
      ctx.signal.removeEventListener('abort', stop);
      resolve(code ?? (signal === 'SIGINT' ? EXIT.interrupted : EXIT.failure));
    });
  });
};

/** A command that only hands over to a server-side task: `--help` prints its usage, anything else runs it. */
export const serverTaskCommand = (task: 'sweep' | 'provision', usage: string): Command => ({
  name: task,
  usage,
  run: async (ctx) => {
    const args = parseCommandArgs(ctx.argv, {}, false);
    if (args.values.help) {
      ctx.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    return runServerTask(task, ctx);
  },
});
