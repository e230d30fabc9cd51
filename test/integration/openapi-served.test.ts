import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createConfig, formatProblems, lintFromString, logger } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderApiTypes, servedOpenApiDocument, webApiTypesPath, type OpenApiDocument } from '../../scripts/generate-web-types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What a client's tooling makes of the document the service serves: redocly's recommended rules, the
 * types openapi-typescript generates (the page's own, committed in web/api-types.ts), and a typed
 * openapi-fetch client compiled against them.
 */
describe('/openapi.json as client tooling reads it', () => {
  let doc: OpenApiDocument;
  let generated: string;
  let dir: string;

  beforeAll(async () => {
    doc = await servedOpenApiDocument();
    generated = await renderApiTypes(doc);
    dir = await mkdtemp(join(tmpdir(), 'openapi-client-'));
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('redocly lint (recommended rules) finds no error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    if (warnings.length > 0) {
      // Warnings are the document's to-do list, not failures: print them so they stay visible.
      const print = logger.info;
      logger.info = (message: string) => console.warn(message.trimEnd());
      formatProblems(warnings, { format: 'stylish', totals: { errors: 0, warnings: warnings.length, ignored: 0 }, version: '' });
      logger.info = print;
    }
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  test('web/api-types.ts is what the served document generates (npm run generate:web-types when this fails)', async () => {
    expect(await readFile(webApiTypesPath(), 'utf8')).toBe(generated);
  });

  test('a generated openapi-fetch client type-checks typed calls, and rejects misuse', async () => {
    await writeFile(join(dir, 'api-types.ts'), generated);
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM'],
          types: [],
          strict: true,
          noEmit: true,
          allowImportingTsExtensions: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
        },
        include: ['./*.ts'],
      }),
    );
    await writeFile(join(dir, 'client.ts'), CLIENT);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});

/**
 * Each `@ts-expect-error` must meet an error: were a path parameter typed `never` (undeclared in the
 * document) or a body typed `any`, the misuse would compile and tsc would report the unused directive.
 */
const CLIENT = `import createClient from 'openapi-fetch';
import type { components, paths } from './api-types.ts';

type Image = components['schemas']['Image'];
type MusicSet = components['schemas']['MusicSet'];
const id = '4b1d3c7e-0000-4000-8000-000000000000';
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1/', headers: { authorization: 'Bearer t' } });

export const calls = async (): Promise<void> => {
  const image = await client.GET('/v1/images/{id}', { params: { path: { id } } });
  if (image.data) {
    const view: Image = image.data;
    const thumbnail: string = view.urls.thumbnail;
    void thumbnail;
  }
  if (image.error) {
    const code: components['schemas']['Problem']['code'] = image.error.code;
    void code;
  }

  const patched = await client.PATCH('/v1/admin/images/{id}', { params: { path: { id } }, body: { title: 'Dancefloor', visibility: 'public' } });
  const patchedTitle: string | null | undefined = patched.data?.title;
  void patchedTitle;

  const created = await client.POST('/v1/admin/music-sets', { body: { title: 'Sunrise set', visibility: 'private' } });
  const set: MusicSet | undefined = created.data;
  void set;

  const page = await client.GET('/v1/music-sets', { params: { query: { limit: 10 } } });
  const next: string | null | undefined = page.data?.nextCursor;
  void next;

  const stream = await client.GET('/v1/tracks/{id}/stream', { params: { path: { id }, query: { redirect: '0' } } });
  const byteSize: number | undefined = stream.data?.byteSize;
  void byteSize;

  const parts = await client.POST('/v1/admin/uploads/{uploadId}/parts', { params: { path: { uploadId: 'opaque' } }, body: { partNumbers: [1, 2] } });
  void parts;

  // @ts-expect-error the path parameter is required
  await client.GET('/v1/images/{id}', { params: { path: {} } });
  // @ts-expect-error a path parameter is a string
  await client.GET('/v1/images/{id}', { params: { path: { id: 42 } } });
  // @ts-expect-error a route with a path parameter needs params
  await client.GET('/v1/tracks/{id}/stream');
  // @ts-expect-error visibility is private or public
  await client.PATCH('/v1/admin/images/{id}', { params: { path: { id } }, body: { visibility: 'secret' } });
  // @ts-expect-error a music set needs a title
  await client.POST('/v1/admin/music-sets', { body: { visibility: 'public' } });
  // @ts-expect-error no such route
  await client.GET('/v1/images/{id}/original', { params: { path: { id } } });
};
`;
