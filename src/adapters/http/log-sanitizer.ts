import { stdSerializers } from 'pino';

const SIGNED_QUERY_PARAM =
  /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Signature|signature|sig|token|access_token|secret|password)=)[^&#\s"'<>]*/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const MAX_DEPTH = 6;

/** Masks credentials that can hide inside free text: signed-URL query parameters, bearer tokens, bare JWTs. */
export const sanitizeLogString = (text: string): string =>
  text.replace(SIGNED_QUERY_PARAM, '$1[Redacted]').replace(BEARER, '$1 [Redacted]').replace(JWT, '[Redacted JWT]');

/**
 * Deep copy of a log record with every string sanitized. Path-based redaction (pino `redact`) still runs
 * afterwards for fields such as `authorization` whose whole value is secret.
 */
export const sanitizeLogValue = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return sanitizeLogString(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (value instanceof Error) return sanitizeLogValue(stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => sanitizeLogValue(item, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = sanitizeLogValue(item, depth + 1);
  return out;
};
