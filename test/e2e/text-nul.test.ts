import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSet, json } from '../support/music-http.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService('fs');
});
afterAll(async () => {
  await svc?.stop();
});

/** Found while checking the bad-input property test's failure: a NUL in a title reached SQL and gave a 500. */
test('text fields holding a NUL are a 400 with the field named, never a 5xx', async () => {
  const token = await svc.tokens.admin();
  const created = await svc.call('/v1/admin/music-sets', { method: 'POST', token, ...json({ title: 'a\u0000b' }) });
  expect(created.status).toBe(400);
  expect(((await created.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['body.title']);
  const set = await createSet(svc, token, { title: 'ok' });
  const patched = await svc.call(`/v1/admin/music-sets/${set.id}`, { method: 'PATCH', token, ...json({ description: 'x\u0000' }) });
  expect(patched.status).toBe(400);
  const start = await svc.call(`/v1/admin/music-sets/${set.id}/uploads`, {
    method: 'POST',
    token,
    ...json({ filename: 'a\u0000.wav', contentType: 'audio/wav', byteSize: 10 }),
  });
  expect(start.status).toBe(400);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('x')]), 'x.png');
  form.append('title', 'nul\u0000title');
  const upload = await svc.call('/v1/admin/images', { method: 'POST', token, body: form });
  expect(upload.status).toBeLessThan(500);
});
