import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, type OptionSpec } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { EXIT } from './exit-codes.ts';

export type ServerTask = 'migrate' | 'sweep' | 'provision';

/**
 * The service's own ops CLI (src/bootstrap/operations.ts), and how to start it: from the repository, the
 * TypeScript through tsx's loader; from an installed package, the compiled JavaScript beside this file
 * (dist/cli → dist/src/bootstrap), with no loader at all.
 */
const opsCli = (): { script: string; execArgv: string[] } => {
  const compiled = import.meta.url.endsWith('.js');
  const script = fileURLToPath(new URL(`../src/bootstrap/operations.${compiled ? 'js' : 'ts'}`, import.meta.url));
  return { script, execArgv: compiled ? [] : ['--import', import.meta.resolve('tsx')] };
};

/**
 * Runs a server-side maintenance task in a child process, with this process's environment: the task needs
 * the service's configuration (database, store, secrets), not its HTTP API. The ops CLI answers 0 / 1 / 2
 * like this one.
 */
export const runServerTask = (task: ServerTask, args: string[], ctx: CommandContext): Promise<number> => {
  const { script, execArgv } = opsCli();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...execArgv, script, task, ...args], {
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

/**
 * A command that only hands over to a server-side task: `--help` prints its usage; the options it declares
 * are checked here (a usage error never reaches the service's configuration) and passed on as they were.
 */
export const serverTaskCommand = (task: ServerTask, usage: string, options: OptionSpec = {}, positionals = false): Command => ({
  name: task,
  usage,
  run: async (ctx) => {
    const args = parseCommandArgs(ctx.argv, options, positionals);
    if (args.values.help) {
      ctx.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    return runServerTask(task, ctx.argv, ctx);
  },
});
