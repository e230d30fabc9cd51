import { z } from 'zod';
import { normaliseOrigin } from '../adapters/http/allowed-origins.ts';
import { MULTIPART_LIMITS } from '../domain/multipart-limits.ts';

const MiB = 1024 * 1024;

const intFrom = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );

/** The phases of the roadmap, each one deployable on its own (see README, Rolling out phase by phase). */
export const FEATURE_NAMES = ['images', 'music', 'streaming'] as const;
export type Feature = (typeof FEATURE_NAMES)[number];

const RESERVED_SCHEMAS = /^(public|information_schema|pg_.*)$/;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intFrom(0, 65535, 3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: optionalUrl,
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: intFrom(1, 500, 10),
  DATABASE_CONNECT_TIMEOUT_SECONDS: intFrom(1, 600, 5),
  DATABASE_SCHEMA: z
    .string()
    .trim()
    .default('media')
    .pipe(
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier (a-z, 0-9, _; at most 63 characters)')
        .refine((v) => !RESERVED_SCHEMAS.test(v), 'must be a schema of its own, not public, information_schema or pg_*'),
    ),
  MIGRATE_ON_START: bool.default(true),
  FEATURES: commaList(FEATURE_NAMES.join(','))
    .transform((list) => (list.length === 0 ? [...FEATURE_NAMES] : list))
    .pipe(z.array(z.enum(FEATURE_NAMES, { message: `must be a comma-separated subset of ${FEATURE_NAMES.join(', ')}` })))
    .transform((list) => [...new Set(list)])
    .refine((list) => !list.includes('streaming') || list.includes('music'), 'streaming needs music (phase 3 serves the sets that phase 2 manages)'),
  ALLOW_EMBEDDED_IN_PRODUCTION: bool.default(false),
  STORAGE_DRIVER: z.enum(['fs', 's3']).optional(),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ENDPOINT: optionalUrl,
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_PROVISION_ON_START: bool.default(false),
  // Streamed uploads through the service (lib-storage): memory per upload stays near part size × queue size.
  S3_UPLOAD_PART_SIZE_BYTES: intFrom(MULTIPART_LIMITS.minPartBytes, MULTIPART_LIMITS.maxPartBytes, 8 * MiB),
  S3_UPLOAD_QUEUE_SIZE: intFrom(1, 64, 4),
  OBJECT_URL_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  AUTH_JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_ROLE_CLAIM: z.string().trim().min(1).default('role'),
  AUTH_ADMIN_ROLES: commaList('admin').pipe(z.array(z.string()).min(1, 'must name at least one role value')),
  AUTH_MEMBER_ROLES: commaList('member').pipe(z.array(z.string()).min(1, 'must name at least one role value')),
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: intFrom(60, 366 * 24 * 3600, 7 * 24 * 3600),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins (https://host[:port])' })))
    // Held as browsers send them (lower case, no default port or path): every route compares against this form.
    .transform((origins) => [...new Set(origins.map(normaliseOrigin))])
    .refine((origins) => !origins.includes(null), 'must list http(s) origins only')
    .transform((origins) => origins as string[]),
  URL_TTL_SECONDS: intFrom(60, 7 * 24 * 3600, 900),
  PRESIGN_CACHE_ENTRIES: intFrom(1, 10_000_000, 10_000),
  MAX_IMAGE_BYTES: intFrom(1, Number.MAX_SAFE_INTEGER, 50 * MiB),
  MAX_TRACK_BYTES: intFrom(1, Number.MAX_SAFE_INTEGER, 5 * 1024 * MiB),
  MAX_IMAGES_PER_REQUEST: intFrom(1, 10_000, 50),
  MAX_OPEN_UPLOADS_PER_ADMIN: intFrom(1, 10_000, 20),
  MAX_OPEN_UPLOAD_BYTES_PER_ADMIN: intFrom(1, Number.MAX_SAFE_INTEGER, 50 * 1024 * MiB),
  RATE_LIMIT_UPLOADS_PER_MINUTE: intFrom(1, 1_000_000, 120),
  RATE_LIMIT_REQUESTS_PER_MINUTE: intFrom(1, 10_000_000, 600),
  REDIS_URL: optionalUrl,
  ORPHAN_GRACE_SECONDS: intFrom(0, 30 * 24 * 3600, 3600),
  SWEEP_INTERVAL_SECONDS: intFrom(0, 24 * 3600, 300),
  SWEEP_QUEUE_BATCH_SIZE: intFrom(1, 10_000, 500),
  // S3's ListObjectsV2 returns at most 1000 keys a page.
  SWEEP_LIST_PAGE_SIZE: intFrom(1, 1000, 1000),
  // Background jobs (track processing) this instance runs at once: one per instance suits a 2-core machine.
  JOB_CONCURRENCY: intFrom(1, 64, 1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_SECONDS: intFrom(1, 600, 25),
  HTTP_HEADERS_TIMEOUT_SECONDS: intFrom(1, 600, 20),
  HTTP_REQUEST_TIMEOUT_SECONDS: intFrom(1, 3600, 60),
  HTTP_UPLOAD_TIMEOUT_SECONDS: intFrom(1, 7 * 24 * 3600, 4 * 3600),
  HTTP_MAX_CONNECTIONS: intFrom(1, 1_000_000, 1024),
  SERVE_APP: bool.optional(),
});

export interface LoadConfigOptions {
  /** The host backend passes its own pool: then DATABASE_URL is not needed, and not the embedded database. */
  hostPool?: boolean;
  /** The host authenticates requests itself: then no JWT secret or JWKS is needed. */
  hostAuthenticates?: boolean;
}

const truthy = (value: string | undefined) => ['true', '1', 'yes'].includes((value ?? '').trim());

/** Rules across variables, checked on the raw environment so they are reported with every other problem. */
const crossFieldProblems = (env: Record<string, string | undefined>, options: LoadConfigOptions): string[] => {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (env.STORAGE_DRIVER === 's3' && !set('S3_BUCKET')) problems.push('S3_BUCKET: is required when STORAGE_DRIVER=s3');
  if (env.NODE_ENV !== 'production') return problems;
  if (!set('AUTH_JWT_SECRET') && !set('AUTH_JWKS_URL') && !options.hostAuthenticates) {
    problems.push('AUTH_JWT_SECRET: AUTH_JWT_SECRET or AUTH_JWKS_URL is required when NODE_ENV=production');
  }
  // The embedded database and the filesystem store keep everything on one machine's disk: fine for a
  // trial, not for the live system, where a silent fallback would lose data on the next redeploy.
  if (!truthy(env.ALLOW_EMBEDDED_IN_PRODUCTION)) {
    if (!set('DATABASE_URL') && !options.hostPool) {
      problems.push(
        'DATABASE_URL: is required when NODE_ENV=production (without it the service would run on the embedded database in DATA_DIR); set ALLOW_EMBEDDED_IN_PRODUCTION=true to allow that on purpose',
      );
    }
    const driver = set('STORAGE_DRIVER') ? env.STORAGE_DRIVER?.trim() : set('S3_BUCKET') ? 's3' : 'fs';
    if (driver === 'fs') {
      problems.push(
        'STORAGE_DRIVER: the filesystem store is refused when NODE_ENV=production; set S3_BUCKET (STORAGE_DRIVER=s3), or ALLOW_EMBEDDED_IN_PRODUCTION=true to keep objects in DATA_DIR on purpose',
      );
    }
  }
  return problems;
};

export type RawConfig = z.infer<typeof schema>;

export interface Config extends Omit<RawConfig, 'PUBLIC_BASE_URL' | 'STORAGE_DRIVER'> {
  PUBLIC_BASE_URL: string;
  STORAGE_DRIVER: 'fs' | 's3';
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads the environment once; throws one ConfigError that lists every bad variable. */
export const loadConfig = (env: Record<string, string | undefined> = process.env, options: LoadConfigOptions = {}): Config => {
  const parsed = schema.safeParse(env);
  const crossField = crossFieldProblems(env, options);
  if (!parsed.success || crossField.length > 0) {
    const fieldProblems = (parsed.error?.issues ?? []).map((issue) => {
      const name = issue.path[0] === undefined ? '(environment)' : String(issue.path[0]);
      const value = env[name];
      const shown = value === undefined || /SECRET|PASSWORD|TOKEN|_URL$/.test(name) ? '' : ` (got "${value}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError([...fieldProblems, ...crossField]);
  }
  const raw = parsed.data;
  // Node refuses a headers timeout longer than the request timeout; a request allowance above the upload one means nothing.
  if (raw.HTTP_HEADERS_TIMEOUT_SECONDS > raw.HTTP_REQUEST_TIMEOUT_SECONDS || raw.HTTP_REQUEST_TIMEOUT_SECONDS > raw.HTTP_UPLOAD_TIMEOUT_SECONDS) {
    throw new ConfigError(['HTTP_REQUEST_TIMEOUT_SECONDS: must lie between HTTP_HEADERS_TIMEOUT_SECONDS and HTTP_UPLOAD_TIMEOUT_SECONDS']);
  }
  const hostForUrl = raw.HOST.includes(':') ? `[${raw.HOST}]` : raw.HOST;
  return {
    ...raw,
    STORAGE_DRIVER: raw.STORAGE_DRIVER ?? (raw.S3_BUCKET ? 's3' : 'fs'),
    PUBLIC_BASE_URL: (raw.PUBLIC_BASE_URL ?? `http://${hostForUrl}:${raw.PORT}`).replace(/\/+$/, ''),
  };
};
