import { expect } from 'vitest';

export interface FormFile {
  bytes: Uint8Array;
  name: string;
  type?: string;
}

export const imageForm = (files: FormFile[], fields: Record<string, string> = {}): FormData => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append('file', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  return body;
};

/** Asserts an RFC 9457 body that leaks nothing internal, and returns it. */
export const expectProblem = async (res: Response, status?: number): Promise<Record<string, unknown>> => {
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.[tj]s:\d+|node_modules|SELECT |INSERT |ECONNREFUSED|ECONNRESET|\/tmp\//);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.status).toBe(res.status);
  expect(typeof body.code).toBe('string');
  return body;
};
