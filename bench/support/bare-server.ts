import { readFileSync } from 'node:fs';
import process from 'node:process';
import express from 'express';

/**
 * The list benchmark's baseline: a bare express app answering each path with a fixed JSON body
 * (the service's own response, byte for byte). Args: port, then path=file pairs.
 */
const [port, ...routes] = process.argv.slice(2);
const app = express();
for (const route of routes) {
  const [path, file] = route.split('=');
  if (!path || !file) throw new Error(`bad route ${route}`);
  const body = readFileSync(file);
  app.get(path, (_req, res) => {
    res.type('application/json').send(body);
  });
}
const server = app.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
