export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly body: Record<string, unknown> | undefined,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/**
 * Every call carries the bearer token; a 401 means the token is gone or expired, which the page answers by
 * asking for a new one. Errors surface the problem+json `detail`, which the service writes for people.
 */
/** `base` is where the service is mounted (the page lives at `{base}app/`); paths start with `/v1/`. */
export const createApi = (base: URL, token: string, onUnauthorized: () => void): Api => {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers = new Headers({ authorization: `Bearer ${token}`, accept: 'application/json' });
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers.set('content-type', 'application/json');
      payload = JSON.stringify(body);
    }
    const res = await fetch(new URL(`.${path}`, base), { method, headers, body: payload ?? null });
    if (res.status === 204) return undefined as T;
    const parsed = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (res.status === 401) onUnauthorized();
    if (!res.ok && !(res.status === 422 && parsed && 'failed' in parsed)) {
      const detail = typeof parsed?.detail === 'string' ? parsed.detail : `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, typeof parsed?.code === 'string' ? parsed.code : undefined, detail, parsed);
    }
    return parsed as T;
  };
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
  };
};

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
