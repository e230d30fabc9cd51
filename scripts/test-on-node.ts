import { execFile, spawn } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/**
 * Runs vitest on another Node major than the one running npm (Node 20 is the floor in `engines`; CI also
 * proves the newest LTS). The binary comes from the `node` package of the npm registry through npx, kept in
 * npx's cache and never linked into node_modules/.bin, where it would replace Node 20 for every npm script.
 * Without it (no registry, TEST_NODE_MAJOR_RUN=0) the run is skipped with the reason printed.
 *
 * Usage: tsx scripts/test-on-node.ts <major> <vitest paths...>
 */
const [major, ...paths] = process.argv.slice(2);
if (!major || !/^\d+$/.test(major)) {
  console.error('usage: tsx scripts/test-on-node.ts <major> <vitest paths...>');
  process.exit(2);
}
const label = `[node ${major}]`;
if (process.env.TEST_NODE_MAJOR_RUN === '0') {
  console.log(`${label} skipped: TEST_NODE_MAJOR_RUN=0`);
  process.exit(0);
}

const resolveBinary = (): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['--yes', '--package', `node@${major}`, '--', 'node', '-p', 'process.execPath + " " + process.version'],
      { timeout: 180_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`.trim())) : resolve(stdout.trim())),
    );
  });

let binary: string;
try {
  const [path, version] = (await resolveBinary()).split(' ');
  if (!path || !version?.startsWith(`v${major}.`)) throw new Error(`npx gave ${path} ${version}, not Node ${major}`);
  binary = path;
  console.log(`${label} running vitest on ${version} (${binary}): ${paths.join(' ')}`);
} catch (error) {
  console.log(`${label} skipped: no Node ${major} binary from the npm registry's \`node@${major}\` package (${(error as Error).message.split('\n')[0]})`);
  process.exit(0);
}

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const started = Date.now();
// TEST_SECOND_NODE lets tests that do not depend on Node's version (the Deno ones) run only once.
const child = spawn(binary, [vitest, 'run', ...paths], { stdio: 'inherit', env: { ...process.env, TEST_SECOND_NODE: major } });
const code = await new Promise<number>((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
console.log(`${label} vitest exited with ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
