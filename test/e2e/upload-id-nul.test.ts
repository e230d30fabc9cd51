import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';

/**
 * Found by the bad-input property test (seed -557408431): an upload id with a NUL reached PostgreSQL, which
 * cannot compare such text, and the DELETE answered 500. An id no store issues is simply unknown: 404.
 */
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService('fs');
});
afterAll(async () => {
  await svc?.stop();
});

test('upload ids with control characters are 404 UPLOAD_NOT_FOUND on every upload route, never a 5xx', async () => {
  const token = await svc.tokens.admin();
  for (const id of ['a%00b', 'a%01b', 'tab%09here', '%7F']) {
    for (const [method, suffix] of [
      ['DELETE', ''],
      ['GET', '/parts'],
      ['POST', '/parts'],
      ['POST', '/complete'],
    ] as const) {
      const res = await svc.call(`/v1/admin/uploads/${id}${suffix}`, { method, token, ...(method === 'GET' ? {} : { body: Buffer.from('{"a":') }) });
      expect(res.status, `${method} ${id}${suffix}`).toBeLessThan(500);
      if (method === 'DELETE' || method === 'GET') expect(((await res.json()) as { code: string }).code, `${method} ${id}${suffix}`).toBe('UPLOAD_NOT_FOUND');
    }
  }
});
