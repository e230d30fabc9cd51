import { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ReadinessProbe } from '../../application/ports/readiness-probe.port.ts';
import { isAppError } from '../../domain/app-error.ts';
import { renderDocs } from './docs.ts';
import { notReady } from './http-errors.ts';
import type { OpenApiRegistry } from './openapi.ts';
import { problemSchema } from './problem.ts';
import { requestLogger } from './request-context.middleware.ts';

export interface OpsRouterDeps {
  readinessProbes: readonly ReadinessProbe[];
  openapi: OpenApiRegistry;
  logger: Logger;
  /** A probe that has not answered by then counts as down. */
  readinessTimeoutMs?: number;
}

type CheckResult = 'ok' | 'failed' | 'timeout';

const statusSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({
  status: z.literal('ok'),
  checks: z.record(z.string(), z.enum(['ok', 'failed', 'timeout'])),
});

const runProbe = async (probe: ReadinessProbe, timeoutMs: number): Promise<{ result: CheckResult; error?: unknown }> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([probe.check().then(() => 'ok' as const), timeout]);
    return { result: outcome };
  } catch (error) {
    return { result: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
};

const noStore = { 'Cache-Control': 'no-store' };

/** `/healthz`, `/readyz`, `/openapi.json`, `/docs`: no auth, no rate limit. */
export const createOpsRouter = (deps: OpsRouterDeps): Router => {
  const router = Router();
  const timeoutMs = deps.readinessTimeoutMs ?? 2_000;
  const { openapi } = deps;

  openapi.register({
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    security: 'none',
    summary: 'Liveness: 200 while the process runs',
    responses: { 200: { description: 'Alive', schema: statusSchema } },
  });
  router.get('/healthz', (_req, res) => {
    res.set(noStore).json({ status: 'ok' });
  });

  openapi.register({
    method: 'get',
    path: '/readyz',
    tags: ['operations'],
    security: 'none',
    summary: 'Readiness: 200 when the database and the object store answer',
    description: `Each dependency has ${timeoutMs} ms to answer. Otherwise 503 problem+json whose \`code\` names the first one down (DATABASE_UNAVAILABLE, then SCHEMA_NOT_MIGRATED when the database schema is behind this release, then STORE_UNAVAILABLE) and whose \`checks\` gives every result.`,
    responses: {
      200: { description: 'Ready', schema: readySchema },
      503: {
        description: 'A dependency is down; `checks` names which',
        contentType: 'application/problem+json',
        schema: problemSchema.extend({ checks: readySchema.shape.checks }),
      },
    },
  });
  router.get('/readyz', async (_req, res) => {
    const outcomes = await Promise.all(deps.readinessProbes.map(async (probe) => ({ probe, ...(await runProbe(probe, timeoutMs)) })));
    const checks = Object.fromEntries(outcomes.map(({ probe, result }) => [probe.name, result]));
    const down = outcomes.filter(({ result }) => result !== 'ok');
    if (down.length === 0) {
      res.set(noStore).json({ status: 'ok', checks });
      return;
    }
    const log = requestLogger(res, deps.logger);
    for (const { probe, result, error } of down) log.warn({ check: probe.name, result, err: error }, 'readiness check failed');
    const names = down.map(({ probe, result }) => `${probe.name} (${result})`).join(', ');
    const isDown = (name: string) => down.some(({ probe }) => probe.name === name);
    const code = isDown('database') ? 'DATABASE_UNAVAILABLE' : isDown('schema') ? 'SCHEMA_NOT_MIGRATED' : 'STORE_UNAVAILABLE';
    // A schema behind this release is an operator's task, not an outage: say which schema and what to run.
    const schemaDetail = down
      .filter(({ probe }) => probe.name === 'schema')
      .map(({ error }) => (isAppError(error) && error.detail ? ` ${error.detail}` : ''))
      .join('');
    throw notReady(code, `Not ready: ${names}.${schemaDetail}`, checks);
  });

  openapi.register({
    method: 'get',
    path: '/openapi.json',
    tags: ['operations'],
    security: 'none',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) } },
  });
  router.get('/openapi.json', (req, res) => {
    const server = req.baseUrl === '' ? '/' : req.baseUrl;
    res.set({ 'Cache-Control': 'no-cache' }).json({ ...openapi.document(), servers: [{ url: server }] });
  });

  openapi.register({
    method: 'get',
    path: '/docs',
    tags: ['operations'],
    security: 'none',
    summary: 'Human-readable API reference rendered from /openapi.json',
    responses: { 200: { description: 'HTML page', contentType: 'text/html', schema: z.string() } },
  });
  let rendered: { doc: object; page: ReturnType<typeof renderDocs> } | undefined;
  router.get('/docs', (_req, res) => {
    const doc = openapi.document();
    if (rendered?.doc !== doc) rendered = { doc, page: renderDocs(doc) };
    const { page } = rendered;
    res.set({ 'Content-Security-Policy': page.contentSecurityPolicy, 'Cache-Control': 'no-cache' }).type('html').send(page.html);
  });

  return router;
};
