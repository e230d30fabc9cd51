import { isAppError, type AppError } from '../../domain/app-error.ts';
import { databaseQueryFailed, databaseUnavailable } from '../../domain/errors/common.errors.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** SQLSTATEs that say "the server cannot serve you now", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '53000', // insufficient_resources
  '3D000', // invalid_catalog_name: the configured database does not exist
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
]);

/** node-postgres reports lost connections and its own timeouts only through messages. */
const UNAVAILABLE_MESSAGES =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|query read timeout|not queryable|cannot use a pool after calling end|connection refused|server closed the connection/i;

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

export const isConnectionError = (error: unknown): boolean => {
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true;
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
};

/**
 * What callers of an adapter may see of a database failure: our own errors unchanged, an outage as
 * DATABASE_UNAVAILABLE, anything else as INTERNAL. The pg error (with its SQL details) stays only as `cause`,
 * for logs.
 */
export const mapPgError = (error: unknown): AppError => {
  if (isAppError(error)) return error;
  if (isConnectionError(error)) return databaseUnavailable(error);
  return databaseQueryFailed(error);
};
