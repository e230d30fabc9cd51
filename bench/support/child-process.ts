import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs a TypeScript entry point on this node through tsx's loader, so the child's pid is the process
 * doing the work (the `tsx` CLI would add a wrapper process whose memory means nothing).
 */
export const spawnTs = (entry: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): ChildProcess =>
  spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Resolves once the child has exited; kills it (SIGTERM, then SIGKILL) if it has not. */
export const stopChild = async (child: ChildProcess, graceMs = 10_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};
