import { request, type IncomingHttpHeaders } from 'node:http';
import { type Readable } from 'node:stream';

export interface RawRequest {
  method: string;
  /** Sent exactly as given: no normalisation of `..`, `%2e` or `%2f`, unlike fetch. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Uint8Array | Readable;
  /** Stops sending after this many body bytes and destroys the socket (a client that vanishes). */
  abortAfterBytes?: number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server's answer as text. */
  text(): string;
}

/** One HTTP/1.1 exchange on its own connection (no keep-alive), with the path and body bytes under the test's control. */
export const rawRequest = (baseUrl: string, req: RawRequest): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const headers = { ...req.headers };
    // Node frames GET/DELETE bodies only when told their length; unframed bytes would be read as a next request.
    if (req.body instanceof Uint8Array && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(req.body.length);
    }
    const out = request({ host: hostname, port: Number(port), method: req.method, path: req.path, headers, agent: false });
    let answered = false;
    out.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: () => body.toString('utf8') });
      });
      res.on('error', reject);
    });
    out.on('error', (error) => {
      if (!answered) reject(error);
    });
    const { body } = req;
    if (body === undefined) {
      out.end();
      return;
    }
    if (body instanceof Uint8Array) {
      if (req.abortAfterBytes !== undefined) {
        out.write(body.subarray(0, req.abortAfterBytes), () => out.destroy());
        return;
      }
      out.end(body);
      return;
    }
    // A streamed body the server may refuse half-way: stop feeding it once the answer is in.
    body.on('data', (chunk: Buffer) => {
      if (answered || out.destroyed) {
        body.destroy();
        return;
      }
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    });
    body.on('end', () => out.end());
    body.on('error', (error) => out.destroy(error));
  });

/** A multipart/form-data body assembled byte by byte, so framing, headers and filenames can be anything. */
export interface RawPart {
  /** Header lines of the part, without the trailing CRLF. */
  headers: string[];
  body: Uint8Array;
}

export const multipartBytes = (boundary: string, parts: RawPart[], options: { close?: boolean } = {}): Buffer => {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.map((h) => `${h}\r\n`).join('')}\r\n`, 'utf8'));
    chunks.push(Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
};

export const filePart = (filename: string, body: Uint8Array, contentType = 'application/octet-stream', field = 'file'): RawPart => ({
  headers: [`Content-Disposition: form-data; name="${field}"; filename="${filename}"`, `Content-Type: ${contentType}`],
  body,
});

export const fieldPart = (name: string, value: string): RawPart => ({
  headers: [`Content-Disposition: form-data; name="${name}"`],
  body: Buffer.from(value, 'utf8'),
});
