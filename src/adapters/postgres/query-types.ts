import postgresDate from 'postgres-date';
import type pg from 'pg';

// pg's own timestamp parser. Its typings declare an ES default export for a CommonJS `module.exports` function.
const parseDate = postgresDate as unknown as (value: string) => Date | number | null;

/**
 * Type parsers passed with every query, so that rows decode the same whatever pool runs them. A host
 * backend that shares its pool may have changed pg's global parsers (`pg.types.setTypeParser`) or given
 * its pool a `types` option of its own: neither reaches these queries, and nothing pool-wide is changed.
 * Only the types this service reads are parsed; every other value stays the text PostgreSQL sent.
 */
const INT8 = 20;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
const FLOAT4 = 700;
const FLOAT8 = 701;
const BOOL = 16;
const JSON_OID = 114;
const JSONB = 3802;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * bigint columns (byte sizes, bigserial ids, counts) arrive as numbers when they fit in a JS number,
 * as strings otherwise, so that a zod decoder rejects an unsafe value instead of silently rounding it.
 */
const parseInt8 = (value: string): number | string => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};

/** `infinity` and dates a JS Date cannot hold come back as they are, for the row decoder to refuse. */
const parseTimestamp = (value: string): Date | string => {
  const parsed = parseDate(value);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed : value;
};

const text = (value: string): string => value;

const PARSERS: Record<number, (value: string) => unknown> = {
  [INT8]: parseInt8,
  [INT2]: Number,
  [INT4]: Number,
  [OID]: Number,
  [FLOAT4]: Number,
  [FLOAT8]: Number,
  [BOOL]: (value) => value === 't' || value === 'true',
  [JSON_OID]: (value) => JSON.parse(value) as unknown,
  [JSONB]: (value) => JSON.parse(value) as unknown,
  [TIMESTAMP]: parseTimestamp,
  [TIMESTAMPTZ]: parseTimestamp,
};

export const QUERY_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number) => PARSERS[oid] ?? text) as pg.CustomTypesConfig['getTypeParser'],
};
