#!/usr/bin/env node
// The admin CLI is TypeScript run as is: tsx's loader (a dependency of the service) compiles it on the fly.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exit(code);
