import type { Request } from 'express';
import type { AppError } from '../../domain/app-error.ts';
import { uuidSchema } from './images.schemas.ts';

/** A malformed id cannot name anything: the same 404 as an unknown id, so nothing leaks. */
export const pathId = (req: Request, notFound: () => AppError, param = 'id'): string => {
  const parsed = uuidSchema.safeParse(req.params[param]);
  if (!parsed.success) throw notFound();
  return parsed.data;
};
