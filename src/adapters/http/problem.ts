import type { Response } from 'express';
import { z } from 'zod';
import type { FieldError } from '../../domain/app-error.ts';
import { ERROR_STATUS, statusForCode } from './error-status.ts';
import type { HttpAppError, ProblemCode } from './http-errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://synesthesie.media/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** RFC 9457 body; `code` is the stable, machine-readable part, `requestId` ties it to the server's log. */
export const problemSchema = z
  .looseObject({
    type: z.string().describe('URI naming the problem type: https://synesthesie.media/problems/<code-in-kebab-case>'),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_STATUS) as [ProblemCode, ...ProblemCode[]]),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const problemType = (code: ProblemCode): string => `${PROBLEM_TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`;

export const problemTitle = (code: ProblemCode): string => {
  if (code === 'INTERNAL') return 'Internal server error';
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const DEFAULT_DETAIL: Partial<Record<ProblemCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid.',
  UNAUTHENTICATED: 'A valid bearer token is required.',
  FORBIDDEN: 'You are not allowed to do this.',
  ROUTE_NOT_FOUND: 'No such route.',
  RATE_LIMITED: 'Too many requests. Try again later.',
  INTERNAL: 'An unexpected error occurred.',
  STORE_UNAVAILABLE: 'The object store is not answering. Try again later.',
  DATABASE_UNAVAILABLE: 'The database is not answering. Try again later.',
};

const CORE_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors']);

/** Only the fields meant for clients: `detail`, `errors`, extensions. Never `message` or `cause`, which are for logs. */
export const problemFromAppError = (error: HttpAppError, requestId?: string): ProblemDocument => {
  const extensions = Object.fromEntries(Object.entries(error.extensions ?? {}).filter(([key]) => !CORE_MEMBERS.has(key)));
  return {
    ...extensions,
    type: problemType(error.code),
    title: problemTitle(error.code),
    status: statusForCode(error.code),
    detail: error.detail ?? DEFAULT_DETAIL[error.code] ?? `${problemTitle(error.code)}.`,
    code: error.code,
    ...(requestId === undefined ? {} : { requestId }),
    ...(error.errors === undefined ? {} : { errors: error.errors }),
  };
};

export const sendProblem = (res: Response, problem: ProblemDocument): void => {
  res.status(problem.status);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify(problem));
};
