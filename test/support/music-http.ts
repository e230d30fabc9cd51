import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { wavHeader } from './audio-fixtures.ts';
import type { TestService } from './test-service.ts';

const MiB = 1024 * 1024;

export type Json = Record<string, any>;

/** A problem+json body with no internals in it. */
export const problem = async (res: Response): Promise<Json> => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Json;
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+|node_modules|SELECT |ECONNREFUSED|\/tmp\//);
  return body;
};

export const json = (body: unknown): RequestInit => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

export const createSet = async (svc: TestService, token: string, body: Json = { title: 'Set' }): Promise<Json> => {
  const res = await svc.call('/v1/admin/music-sets', { method: 'POST', token, ...json(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as Json;
};

export interface FormPart {
  name: string;
  value?: string;
  file?: { filename: string; type?: string; bytes: Uint8Array };
}

export const trackForm = (parts: FormPart[]): FormData => {
  const form = new FormData();
  for (const p of parts) {
    if (p.file) form.append(p.name, new Blob([p.file.bytes], { type: p.file.type ?? 'application/octet-stream' }), p.file.filename);
    else form.append(p.name, p.value ?? '');
  }
  return form;
};

export const uploadTrack = (svc: TestService, token: string, setId: string, parts: FormPart[]): Promise<Response> =>
  svc.call(`/v1/admin/music-sets/${setId}/tracks`, { method: 'POST', token, body: trackForm(parts) });

/** A WAV of `dataBytes` bytes of 16-bit stereo 44.1 kHz samples, generated chunk by chunk (never whole in memory). */
export async function* wavChunks(dataBytes: number, chunkBytes = MiB): AsyncGenerator<Uint8Array> {
  yield wavHeader(dataBytes, { sampleRate: 44_100, channels: 2 });
  const chunk = new Uint8Array(chunkBytes);
  const view = new DataView(chunk.buffer);
  for (let i = 0; i + 1 < chunk.length; i += 2) view.setInt16(i, Math.round(Math.sin(i / 40) * 8000), true);
  for (let sent = 0; sent < dataBytes; sent += chunkBytes) {
    yield sent + chunkBytes <= dataBytes ? chunk : chunk.subarray(0, dataBytes - sent);
  }
}

/**
 * A multipart/form-data body as a stream with no Content-Length (chunked), whose file part is produced
 * lazily: what a browser or CLI streaming a large file sends.
 */
export const streamedForm = (
  fields: Record<string, string>,
  file: { filename: string; type: string; chunks: AsyncIterable<Uint8Array> },
  fieldsAfter: Record<string, string> = {},
): { body: ReadableStream<Uint8Array>; contentType: string } => {
  const boundary = `----synesthesie${Math.random().toString(16).slice(2)}`;
  const enc = new TextEncoder();
  const field = (name: string, value: string) => enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  async function* all(): AsyncGenerator<Uint8Array> {
    for (const [k, v] of Object.entries(fields)) yield field(k, v);
    yield enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`);
    yield* file.chunks;
    yield enc.encode('\r\n');
    for (const [k, v] of Object.entries(fieldsAfter)) yield field(k, v);
    yield enc.encode(`--${boundary}--\r\n`);
  }
  const iterator = all();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
};

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every object key the store holds under `prefix`. */
export const storedKeys = async (svc: TestService, prefix = 'tracks/'): Promise<string[]> => {
  const keys: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await svc.store.list(prefix, cursor, 1000);
    keys.push(...page.items.map((i) => i.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys.sort();
};

export const rowCount = async (svc: TestService, sql: string, values: unknown[] = []): Promise<number> => Number((await svc.pool.query(sql, values)).rows[0].n);

/** Reads a stored object back whole (test-sized objects only). */
export const storedBytes = async (svc: TestService, key: string): Promise<Uint8Array> => {
  const body = await svc.store.getStream(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body.stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
};
