import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { wavForm } from './multipart-body.ts';
import { wavChunks } from './wav-stream.ts';

const json = async <T>(response: Response, what: string): Promise<T> => {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
};

/** POST …/tracks with a streamed multipart body; resolves with the response status and body. */
export const postTrack = (url: string, token: string, setId: string, bytes: number): Promise<{ status: number; body: string }> => {
  const form = wavForm(bytes);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/admin/music-sets/${setId}/tracks`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType, 'content-length': form.contentLength },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    pipeline(form.body, req).catch(reject);
  });
};

/** Consecutive `size`-byte slices of the generated WAV file, each as one buffer (one part in memory at a time). */
function* slices(total: number, size: number): Generator<Buffer> {
  let pending: Buffer[] = [];
  let held = 0;
  for (const chunk of wavChunks(total)) {
    let rest = chunk;
    while (rest.length > 0) {
      const take = Math.min(rest.length, size - held);
      pending.push(rest.subarray(0, take));
      held += take;
      rest = rest.subarray(take);
      if (held === size) {
        yield Buffer.concat(pending);
        pending = [];
        held = 0;
      }
    }
  }
  if (held > 0) yield Buffer.concat(pending);
}

/**
 * The browser's direct-to-storage flow: start, sign parts in batches of 100, PUT each part to its
 * presigned URL (`width` at once), complete. The bytes never pass through the service.
 */
export const directMultipart = async (url: string, token: string, setId: string, bytes: number, width = 4): Promise<void> => {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await json<{ uploadId: string; partSize: number; partCount: number }>(
    await fetch(`${url}/v1/admin/music-sets/${setId}/uploads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ filename: 'bench.wav', contentType: 'audio/wav', byteSize: bytes, title: 'Bench direct' }),
    }),
    'start upload',
  );
  const urls = new Map<number, string>();
  for (let first = 1; first <= started.partCount; first += 100) {
    const partNumbers = Array.from({ length: Math.min(100, started.partCount - first + 1) }, (_, i) => first + i);
    const signed = await json<{ parts: Array<{ partNumber: number; url: string }> }>(
      await fetch(`${url}/v1/admin/uploads/${started.uploadId}/parts`, { method: 'POST', headers, body: JSON.stringify({ partNumbers }) }),
      'sign parts',
    );
    for (const part of signed.parts) urls.set(part.partNumber, part.url);
  }
  const etags: Array<{ partNumber: number; etag: string }> = [];
  const source = slices(bytes, started.partSize);
  let partNumber = 0;
  const lane = async () => {
    for (;;) {
      const next = source.next();
      if (next.done) return;
      const number = ++partNumber;
      const response = await fetch(urls.get(number) ?? '', { method: 'PUT', body: next.value });
      await response.arrayBuffer();
      const etag = response.headers.get('etag');
      if (!response.ok || !etag) throw new Error(`part ${number} answered ${response.status}`);
      etags.push({ partNumber: number, etag });
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  etags.sort((a, b) => a.partNumber - b.partNumber);
  await json(
    await fetch(`${url}/v1/admin/uploads/${started.uploadId}/complete`, { method: 'POST', headers, body: JSON.stringify({ parts: etags }) }),
    'complete upload',
  );
};
