import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { operationIdOf } from '../../src/adapters/http/openapi.ts';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { createMediaService, type MediaService } from '../../src/bootstrap/media-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { logCapture } from '../support/http-test-server.ts';

type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  responses: Record<string, { headers?: Record<string, { schema?: unknown }> }>;
};

/** The whole service's document, as a client generator reads it: the rules redocly's recommended set checks. */
describe('/openapi.json of the whole service', () => {
  let db: TestDatabase;
  let media: MediaService;
  let doc: { paths: Record<string, Record<string, Operation>> };
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'openapi-doc-'));
    media = await createMediaService({
      env: { DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(40), SWEEP_INTERVAL_SECONDS: '0' },
      pool: db.pool,
      logger: createLogger({ level: 'info', destination: logCapture() }),
    });
    const server = express().use(media.router).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    doc = (await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`)).json()) as typeof doc;
    server.close();
  });
  afterAll(async () => {
    await media?.stop();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  test('every operation has an operationId, and no two share one', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || id === '')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationIdOf('get', '/v1/admin/images/{id}')).toBe('getAdminImagesById');
    expect(operationIdOf('post', '/v1/admin/uploads/{uploadId}/complete')).toBe('postAdminUploadsByUploadIdComplete');
  });

  test('every path parameter is declared, required and typed', () => {
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        const parameter = op.parameters?.find((p) => p.in === 'path' && p.name === name);
        if (!parameter || parameter.required !== true || parameter.schema === undefined) problems.push(`${method} ${path}: ${name}`);
      }
    }
    expect(problems).toEqual([]);
    expect(operations().length).toBeGreaterThan(30);
  });

  test('every response header has a schema (the 302 Location of ?redirect=1 included)', () => {
    const missing = operations().flatMap(({ path, method, op }) =>
      Object.entries(op.responses).flatMap(([status, response]) =>
        Object.entries(response.headers ?? {})
          .filter(([, header]) => header.schema === undefined)
          .map(([name]) => `${method} ${path} ${status} ${name}`),
      ),
    );
    expect(missing).toEqual([]);
  });
});
