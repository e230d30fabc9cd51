import { Buffer } from 'node:buffer';

/**
 * Just enough of the browser's XMLHttpRequest, on top of fetch, for @uppy/core's `fetcher` (which
 * @uppy/aws-s3 uses to PUT parts) to run in Node: open/setRequestHeader/send/abort, status, response
 * headers, `onload`/`onerror`/`onabort`, and one upload progress event once the body is sent.
 */
/** The fields of DOM events that Uppy reads (the DOM lib is deliberately not part of this program). */
interface XhrEvent {
  type: string;
  lengthComputable?: boolean;
  loaded?: number;
  total?: number;
}

type Handler = ((event: XhrEvent) => void) | null;

const progressEvent = (type: string, loaded: number, total: number): XhrEvent => ({ type, lengthComputable: total > 0, loaded, total });

const bodySize = (body: unknown): number => {
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof body === 'string') return Buffer.byteLength(body);
  return 0;
};

export class NodeXMLHttpRequest {
  static readonly UNSENT = 0;
  static readonly OPENED = 1;
  static readonly DONE = 4;

  readyState = 0;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  timeout = 0;
  withCredentials = false;
  onload: Handler = null;
  onerror: Handler = null;
  onabort: Handler = null;
  ontimeout: Handler = null;
  onreadystatechange: Handler = null;
  readonly upload: { onprogress: Handler; onload: Handler; addEventListener(type: string, fn: Handler): void } = {
    onprogress: null,
    onload: null,
    addEventListener(type, fn) {
      if (type === 'progress') this.onprogress = fn;
    },
  };

  private method = 'GET';
  private url = '';
  private readonly headers = new Headers();
  private responseHeaders = new Headers();
  private readonly controller = new AbortController();
  private readonly listeners = new Map<string, Handler[]>();

  get response(): unknown {
    if (this.responseType === 'json') return this.responseText === '' ? null : JSON.parse(this.responseText);
    return this.responseText;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers.append(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders.get(name);
  }

  getAllResponseHeaders(): string {
    return [...this.responseHeaders].map(([k, v]) => `${k}: ${v}\r\n`).join('');
  }

  addEventListener(type: string, fn: Handler): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }

  abort(): void {
    this.controller.abort();
  }

  send(body?: unknown): void {
    const total = bodySize(body);
    const init: RequestInit & { duplex?: 'half' } = { method: this.method, headers: this.headers, signal: this.controller.signal };
    if (body !== undefined && body !== null && this.method !== 'GET' && this.method !== 'HEAD') init.body = body as RequestInit['body'];
    void fetch(this.url, init)
      .then(async (res) => {
        this.fire(this.upload.onprogress, progressEvent('progress', total, total));
        this.responseHeaders = res.headers;
        this.status = res.status;
        this.statusText = res.statusText;
        this.responseText = await res.text();
        this.readyState = 4;
        this.fire(this.onreadystatechange, { type: 'readystatechange' });
        this.fire(this.onload, progressEvent('load', total, total));
      })
      .catch((error: unknown) => {
        this.readyState = 4;
        const aborted = (error as Error)?.name === 'AbortError';
        this.fire(aborted ? this.onabort : this.onerror, { type: aborted ? 'abort' : 'error' });
      });
  }

  private fire(handler: Handler, event: XhrEvent): void {
    handler?.(event);
    for (const fn of this.listeners.get(event.type) ?? []) fn?.(event);
  }
}
