import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

/** A part PUT that failed; `status` is unset for network errors. */
export class PartPutError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'PartPutError';
    this.status = status;
  }
}

/**
 * PUTs bytes [start, end) of a file to a presigned URL, streamed from disk with an exact Content-Length
 * (S3 refuses chunked part uploads), and answers the part's ETag. `onBytes` sees every chunk handed to
 * the socket, for progress; the caller takes back what it counted if the PUT fails.
 */
export const putFileRange = (
  url: string,
  path: string,
  range: { start: number; end: number },
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string> => {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<string>((resolve, reject) => {
    const req = request(target, { method: 'PUT', headers: { 'content-length': String(range.end - range.start) }, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new PartPutError(error.message)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const etag = res.headers.etag;
        if (status >= 200 && status < 300 && typeof etag === 'string' && etag !== '') resolve(etag);
        else if (status >= 200 && status < 300) reject(new PartPutError('the store answered without an ETag (is ETag exposed?)', status));
        else reject(new PartPutError(`the store answered ${status}${bodyHint(Buffer.concat(chunks))}`, status));
      });
    });
    req.on('error', (error) => reject(new PartPutError(error.message)));
    const source = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 256 * 1024 });
    source.on('data', (chunk) => onBytes(chunk.length));
    pipeline(source, req).catch((error: unknown) => reject(new PartPutError(error instanceof Error ? error.message : String(error))));
  });
};

const bodyHint = (body: Buffer): string => {
  const text = body.toString('utf8', 0, Math.min(body.length, 2000));
  const detail = /"detail"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
  return detail ? `: ${detail}` : '';
};
