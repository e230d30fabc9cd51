#!/usr/bin/env node
// The CLI: the HTTP admin commands and the service's maintenance tasks (migrate, sweep, provision), every
// one run in this process. In the repository it is TypeScript run as is, through tsx's loader; in an installed
// package (which ships no TypeScript) it is the compiled JavaScript under dist/, with no loader at all.
import { existsSync } from 'node:fs';
import process from 'node:process';

const source = new URL('../cli/main.ts', import.meta.url);
let runCli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import(source.href));
} else {
  ({ runCli } = await import(new URL('../dist/cli/main.js', import.meta.url).href));
}
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exit(code);
