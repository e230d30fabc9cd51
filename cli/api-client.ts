import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type Problem } from './api-error.ts';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  /** Told about waits (rate limits) so the user knows why nothing moves. */
  onNotice?: (message: string) => void;
  maxRateLimitRetries?: number;
}

export interface RequestOptions {
  json?: unknown;
  /** A factory, so that a body can be sent again after a 429. */
  body?: () => { body: NonNullable<RequestInit['body']>; headers: Record<string, string> };
}

const MAX_RETRY_AFTER_SECONDS = 120;

const networkCause = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

/** The service's HTTP API with a bearer token: JSON in and out, problem+json turned into ApiError. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#options = options;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('POST', path, json === undefined ? {} : { json });
  }

  patch<T>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { json });
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const maxRetries = this.#options.maxRateLimitRetries ?? 5;
    for (let attempt = 0; ; attempt += 1) {
      const res = await this.#send(method, path, options);
      if (res.status === 429 && attempt < maxRetries) {
        await res.body?.cancel();
        const wait = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Number(res.headers.get('retry-after')) || 1));
        this.#options.onNotice?.(`rate limited by the service; retrying in ${wait} s`);
        await sleep(wait * 1000);
        continue;
      }
      if (res.status === 204) return undefined as T;
      const text = await res.text();
      const parsed = text === '' ? undefined : safeJson(text);
      if (!res.ok) throw new ApiError(res.status, problemOf(res, parsed));
      return parsed as T;
    }
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: 'application/json, application/problem+json' };
    let body: NonNullable<RequestInit['body']> | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      const made = options.body();
      Object.assign(headers, made.headers);
      body = made.body;
    }
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body, duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw new CliError(`cannot reach the service at ${this.baseUrl}: ${networkCause(error)}`, EXIT.unavailable);
    }
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const problemOf = (res: Response, parsed: unknown): Problem =>
  parsed !== null && typeof parsed === 'object'
    ? (parsed as Problem)
    : { title: res.statusText || 'error', detail: `the service answered ${res.status} without a problem description` };
