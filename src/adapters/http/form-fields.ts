import type { Request, Response } from 'express';
import type { z } from 'zod';
import { invalidUploadFields } from './http-errors.ts';

/** Drops keys whose value is undefined, so an absent field never overwrites a stored one. */
export const definedOnly = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Validates the text fields of a multipart upload; a bad one fails the whole request. */
export const parseFormFields = <S extends z.ZodType<object>>(schema: S, raw: Record<string, string>): z.output<S> => {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw invalidUploadFields(parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
  }
  return definedOnly(parsed.data);
};

/** The rest of a failed upload's body is read and dropped, so the client gets the answer, then the connection closes. */
export const drainRequest = (req: Request, res: Response): void => {
  res.setHeader('Connection', 'close');
  req.unpipe();
  req.resume();
};
