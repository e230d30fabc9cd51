import autocannon from 'autocannon';

export interface HttpRun {
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Count per HTTP status, to tell what the non-2xx answers were. */
  statuses: Record<string, number>;
}

/** One autocannon run: requests/s and latency percentiles (ms). */
export const hammer = async (url: string, options: { seconds: number; connections: number; token?: string }): Promise<HttpRun> => {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
  };
};
