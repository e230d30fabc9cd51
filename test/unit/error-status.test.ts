import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import { ERROR_STATUS, statusForCode } from '../../src/adapters/http/error-status.ts';
import type { ProblemCode } from '../../src/adapters/http/http-errors.ts';
import { problemFromAppError, problemType } from '../../src/adapters/http/problem.ts';

/** Read from the source so that a code added to either union without a status fails here, not only in tsc. */
const codesOf = async (file: string, union: string): Promise<string[]> => {
  const source = await readFile(new URL(file, import.meta.url), 'utf8');
  const members = new RegExp(`export type ${union} =([^;]+);`).exec(source)?.[1] ?? '';
  return [...members.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] as string);
};

const declaredCodes = async (): Promise<string[]> => [
  ...(await codesOf('../../src/domain/app-error.ts', 'ErrorCode')),
  ...(await codesOf('../../src/adapters/http/http-errors.ts', 'HttpErrorCode')),
];

describe('error code table', () => {
  test('every ErrorCode and HttpErrorCode has exactly one HTTP status', async () => {
    const codes = await declaredCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(statusForCode(code as ProblemCode)).toBeGreaterThanOrEqual(400);
  });

  test("transport-only codes are not the domain's", async () => {
    const domain = await codesOf('../../src/domain/app-error.ts', 'ErrorCode');
    for (const code of [
      'ROUTE_NOT_FOUND',
      'METHOD_NOT_ALLOWED',
      'HEADERS_TOO_LARGE',
      'REQUEST_TIMEOUT',
      'UNAUTHENTICATED',
      'AUTH_UNAVAILABLE',
      'SIGNATURE_INVALID',
      'SIGNATURE_EXPIRED',
    ]) {
      expect(domain).not.toContain(code);
    }
  });

  test.each([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['IMAGE_NOT_FOUND', 404],
    ['ROUTE_NOT_FOUND', 404],
    ['METHOD_NOT_ALLOWED', 405],
    ['UPLOAD_CONFLICT', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['TOO_MANY_FILES', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['INVALID_AUDIO', 415],
    ['RANGE_NOT_SATISFIABLE', 416],
    ['ALL_FILES_FAILED', 422],
    ['INVALID_IMAGE', 422],
    ['SIGNATURE_EXPIRED', 403],
    ['RATE_LIMITED', 429],
    ['INTERNAL', 500],
    ['STORE_UNAVAILABLE', 503],
    ['DATABASE_UNAVAILABLE', 503],
  ] as const)('%s is %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });
});

describe('problem documents', () => {
  test('carry type, title, status, detail, code, request id and field errors', () => {
    const problem = problemFromAppError(
      new AppError('VALIDATION_FAILED', 'internal wording with /srv/path', {
        detail: 'Two fields are bad.',
        errors: [{ path: 'body.a', message: 'Required' }],
      }),
      'req-1',
    );
    expect(problem).toEqual({
      type: 'https://synesthesie.media/problems/validation-failed',
      title: 'Validation failed',
      status: 400,
      detail: 'Two fields are bad.',
      code: 'VALIDATION_FAILED',
      requestId: 'req-1',
      errors: [{ path: 'body.a', message: 'Required' }],
    });
  });

  test('never expose the internal message or the cause; extensions cannot override core members', () => {
    const problem = problemFromAppError(
      new AppError('ALL_FILES_FAILED', 'SELECT * FROM images failed', {
        cause: new Error('s3: AccessDenied arn:aws:s3:::bucket'),
        extensions: { failed: [{ filename: 'a.txt', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Not an image.' }], status: 200, code: 'X' },
      }),
    );
    expect(problem.status).toBe(422);
    expect(problem.code).toBe('ALL_FILES_FAILED');
    expect(problem.failed).toHaveLength(1);
    expect(JSON.stringify(problem)).not.toMatch(/SELECT|AccessDenied|arn:/);
  });

  test('types are stable kebab-case URIs, one per code', () => {
    const types = Object.keys(ERROR_STATUS).map((code) => problemType(code as ProblemCode));
    expect(new Set(types).size).toBe(types.length);
    expect(problemType('MUSIC_SET_NOT_FOUND')).toBe('https://synesthesie.media/problems/music-set-not-found');
  });
});
