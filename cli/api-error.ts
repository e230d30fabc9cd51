import { CliError } from './cli-error.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export type Problem = {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
  errors?: Array<{ path?: string; message?: string }>;
  [key: string]: unknown;
};

const exitCodeFor = (status: number): ExitCode => {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 502 || status === 503 || status === 504) return EXIT.unavailable;
  return EXIT.failure;
};

const describe = (status: number, problem: Problem): string => {
  const head = `${status} ${problem.code ?? problem.title ?? 'error'}`;
  const detail = problem.detail ?? problem.title;
  const fields = (problem.errors ?? []).map((e) => `\n  ${e.path ?? '?'}: ${e.message ?? 'invalid'}`).join('');
  return `${head}${detail ? `: ${detail}` : ''}${fields}`;
};

/** A non-2xx answer of the service, described by its problem+json body. */
export class ApiError extends CliError {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(describe(status, problem), exitCodeFor(status));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}
