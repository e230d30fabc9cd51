import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/app-error.ts';

/** Role checks live in the use cases, so every adapter (HTTP, CLI) gets the same rules. */
export const requireAdmin = (actor: Actor): void => {
  if (actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'admin role required', { detail: 'This action needs the admin role.' });
  }
};
