import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { createMediaService } from '../src/bootstrap/media-service.ts';

export type OpenApiDocument = Record<string, unknown>;

/** The generated file the page's code imports its API types from (web/types.ts names them). */
export const webApiTypesPath = (): string => fileURLToPath(new URL('../web/api-types.ts', import.meta.url));

export interface ServedResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * What the service answers on `path` with its default configuration (every feature, the filesystem store),
 * fetched over loopback from the real router. The database pool never connects: the OpenAPI document is
 * built while the routers are registered, and `/openapi.json` and `/docs` are not behind the schema gate.
 */
export const servedResponse = async (path: string): Promise<ServedResponse> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'openapi-served-'));
  const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/unused', max: 1 });
  try {
    const media = await createMediaService({
      env: { DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(40), SWEEP_INTERVAL_SECONDS: '0' },
      pool,
      logger: pino({ level: 'silent' }),
    });
    const server = express().use(media.router).listen(0, '127.0.0.1');
    try {
      await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
      return { status: res.status, headers: res.headers, body: await res.text() };
    } finally {
      server.close();
      await media.stop();
    }
  } finally {
    await pool.end().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
};

/** `/openapi.json` exactly as the service serves it. */
export const servedOpenApiDocument = async (): Promise<OpenApiDocument> => {
  const res = await servedResponse('/openapi.json');
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return JSON.parse(res.body) as OpenApiDocument;
};

const HEADER = `// Generated from /openapi.json by scripts/generate-web-types.ts (openapi-typescript): do not edit.
// \`npm run generate:web-types\` rewrites it; a test fails when it is stale.

`;

/** The TypeScript that openapi-typescript makes of the document, with a header saying where it comes from. */
export const renderApiTypes = async (doc: OpenApiDocument): Promise<string> => {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return HEADER + astToString(ast);
};

/** Rewrites web/api-types.ts when the served document generates something else; `false` when it was current. */
export const generateWebTypes = async (target = webApiTypesPath()): Promise<boolean> => {
  const generated = await renderApiTypes(await servedOpenApiDocument());
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === generated) return false;
  await writeFile(target, generated);
  return true;
};

/** `--check`: exit 1, writing nothing, when the committed file differs from what the served document generates. */
const main = async (): Promise<void> => {
  if (process.argv.includes('--check')) {
    const generated = await renderApiTypes(await servedOpenApiDocument());
    if ((await readFile(webApiTypesPath(), 'utf8').catch(() => '')) !== generated) {
      process.stderr.write('web/api-types.ts is stale: run npm run generate:web-types\n');
      process.exitCode = 1;
    }
    return;
  }
  process.stdout.write(`web/api-types.ts: ${(await generateWebTypes()) ? 'written' : 'up to date'}\n`);
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
