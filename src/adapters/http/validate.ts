import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import type { FieldError } from '../../domain/app-error.ts';
import { jsonBodyExpected, requestInvalid } from './http-errors.ts';

type Location = 'params' | 'query' | 'body';

const formatPath = (location: Location, path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), location);

const fieldErrors = (location: Location, error: z.ZodError): FieldError[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath(location, [...issue.path, key]), message: 'Unknown field.' }))
      : [{ path: formatPath(location, issue.path), message: issue.message }],
  );

export interface RequestSchemas<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params?: P;
  query?: Q;
  body?: B;
}

export interface ParsedRequest<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

/** Validates params, query and body together so that one 400 lists every bad field of the request. */
export const parseRequest = <P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
  req: Request,
  schemas: RequestSchemas<P, Q, B>,
): ParsedRequest<P, Q, B> => {
  const errors: FieldError[] = [];
  const parse = (location: Location, schema: z.ZodType | undefined, value: unknown): unknown => {
    if (schema === undefined) return value;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    errors.push(...fieldErrors(location, result.error));
    return undefined;
  };
  const params = parse('params', schemas.params, req.params);
  const query = parse('query', schemas.query, req.query);
  const body = parse('body', schemas.body, req.body);
  if (errors.length > 0) throw requestInvalid(errors);
  return { params, query, body } as ParsedRequest<P, Q, B>;
};

export const parseBody = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parseRequest(req, { body: schema }).body;

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && Number(req.headers['content-length']) > 0);

/** For JSON routes: a body in any other media type is 415 (a missing body is left to the schema: 400). */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (hasBody(req) && req.is(['application/json', 'application/*+json']) === false) {
    throw jsonBodyExpected();
  }
  next();
};
