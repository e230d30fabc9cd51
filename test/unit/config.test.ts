import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/bootstrap/config.ts';

describe('configuration', () => {
  test('embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      DATA_DIR: './.data',
      STORAGE_DRIVER: 'fs',
      URL_TTL_SECONDS: 900,
      MAX_IMAGE_BYTES: 50 * 1024 * 1024,
      MAX_TRACK_BYTES: 5 * 1024 * 1024 * 1024,
      MAX_IMAGES_PER_REQUEST: 50,
      RATE_LIMIT_UPLOADS_PER_MINUTE: 120,
      RATE_LIMIT_REQUESTS_PER_MINUTE: 600,
      ORPHAN_GRACE_SECONDS: 3600,
      AUTH_ROLE_CLAIM: 'role',
      CORS_ORIGINS: [],
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  test('store and sweeper tunables keep their defaults and their bounds', () => {
    expect(loadConfig({})).toMatchObject({
      S3_UPLOAD_PART_SIZE_BYTES: 8 * 1024 * 1024,
      S3_UPLOAD_QUEUE_SIZE: 4,
      SWEEP_QUEUE_BATCH_SIZE: 500,
      SWEEP_LIST_PAGE_SIZE: 1000,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 5,
      PRESIGN_CACHE_ENTRIES: 10_000,
    });
    expect(
      loadConfig({ S3_UPLOAD_PART_SIZE_BYTES: String(16 * 1024 * 1024), S3_UPLOAD_QUEUE_SIZE: '2', SWEEP_QUEUE_BATCH_SIZE: '50', SWEEP_LIST_PAGE_SIZE: '200' }),
    ).toMatchObject({ S3_UPLOAD_PART_SIZE_BYTES: 16 * 1024 * 1024, S3_UPLOAD_QUEUE_SIZE: 2, SWEEP_QUEUE_BATCH_SIZE: 50, SWEEP_LIST_PAGE_SIZE: 200 });
    let error: unknown;
    try {
      loadConfig({ S3_UPLOAD_PART_SIZE_BYTES: String(1024 * 1024), S3_UPLOAD_QUEUE_SIZE: '0', SWEEP_QUEUE_BATCH_SIZE: '0', SWEEP_LIST_PAGE_SIZE: '1001' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['S3_UPLOAD_PART_SIZE_BYTES', 'S3_UPLOAD_QUEUE_SIZE', 'SWEEP_QUEUE_BATCH_SIZE', 'SWEEP_LIST_PAGE_SIZE']));
  });

  test('JOB_CONCURRENCY: one job at a time by default, a whole number from 1 to 64', () => {
    expect(loadConfig({}).JOB_CONCURRENCY).toBe(1);
    expect(loadConfig({ JOB_CONCURRENCY: '4' }).JOB_CONCURRENCY).toBe(4);
    for (const bad of ['0', '65', '1.5', 'two']) {
      expect(() => loadConfig({ JOB_CONCURRENCY: bad }), bad).toThrow(/JOB_CONCURRENCY/);
    }
  });

  test('S3_BUCKET switches the default driver to s3; origins are split', () => {
    const config = loadConfig({ S3_BUCKET: 'media', CORS_ORIGINS: 'https://a.example, https://b.example:8443' });
    expect(config.STORAGE_DRIVER).toBe('s3');
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example:8443']);
  });

  test('one error lists every bad variable and what it expects, never a secret', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        URL_TTL_SECONDS: '-5',
        STORAGE_DRIVER: 'ftp',
        AUTH_JWT_SECRET: 'short-secret-value',
        CORS_ORIGINS: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'URL_TTL_SECONDS', 'STORAGE_DRIVER', 'AUTH_JWT_SECRET', 'CORS_ORIGINS']) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('got "eighty"');
    expect(problems).not.toContain('short-secret-value');
  });

  const LIVE = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/media', S3_BUCKET: 'media' };

  test('production refuses to start without auth configuration', () => {
    expect(() => loadConfig({ ...LIVE, AUTH_JWT_SECRET: '' })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(loadConfig({ ...LIVE, AUTH_JWKS_URL: 'https://t.example/jwks.json' }).NODE_ENV).toBe('production');
    // A host that authenticates requests itself needs neither.
    expect(loadConfig(LIVE, { hostAuthenticates: true }).NODE_ENV).toBe('production');
  });

  test('production never falls back to the embedded database or the filesystem store unless told to', () => {
    const auth = { AUTH_JWKS_URL: 'https://t.example/jwks.json' };
    const problems = (env: Record<string, string>, options = {}) => {
      try {
        loadConfig({ ...auth, ...env }, options);
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.join('\n');
      }
    };
    const bare = problems({ NODE_ENV: 'production' });
    expect(bare).toMatch(/^DATABASE_URL: .*ALLOW_EMBEDDED_IN_PRODUCTION/m);
    expect(bare).toMatch(/^STORAGE_DRIVER: .*ALLOW_EMBEDDED_IN_PRODUCTION/m);
    expect(problems({ NODE_ENV: 'production', S3_BUCKET: 'media' })).toMatch(/^DATABASE_URL:/m);
    expect(problems({ NODE_ENV: 'production', S3_BUCKET: 'media' }, { hostPool: true })).toBe('');
    expect(problems({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', STORAGE_DRIVER: 'fs', S3_BUCKET: 'b' })).toMatch(/^STORAGE_DRIVER:/m);
    expect(problems({ NODE_ENV: 'production', ALLOW_EMBEDDED_IN_PRODUCTION: 'true' })).toBe('');
    expect(problems({ NODE_ENV: 'development' })).toBe('');
  });

  test('DATABASE_SCHEMA, FEATURES, MIGRATE_ON_START and the role lists', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      DATABASE_SCHEMA: 'media',
      FEATURES: ['images', 'music', 'streaming'],
      MIGRATE_ON_START: true,
      AUTH_ADMIN_ROLES: ['admin'],
      AUTH_MEMBER_ROLES: ['member'],
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: 604800,
      ALLOW_EMBEDDED_IN_PRODUCTION: false,
    });
    expect(loadConfig({ FEATURES: ' images ' }).FEATURES).toEqual(['images']);
    expect(loadConfig({ FEATURES: 'images,music' }).FEATURES).toEqual(['images', 'music']);
    expect(loadConfig({ AUTH_ADMIN_ROLES: 'organizer, staff', AUTH_MEMBER_ROLES: 'customer' })).toMatchObject({
      AUTH_ADMIN_ROLES: ['organizer', 'staff'],
      AUTH_MEMBER_ROLES: ['customer'],
    });
    expect(() => loadConfig({ FEATURES: 'images,streaming' })).toThrow(/FEATURES: streaming needs music/);
    expect(() => loadConfig({ FEATURES: 'images,videos' })).toThrow(/FEATURES: must be a comma-separated subset/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'public' })).toThrow(/DATABASE_SCHEMA: must be a schema of its own/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'Media; DROP' })).toThrow(/DATABASE_SCHEMA: must be a lower-case PostgreSQL identifier/);
    expect(loadConfig({ DATABASE_SCHEMA: 'tickets_media' }).DATABASE_SCHEMA).toBe('tickets_media');
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(() => loadConfig({ AUTH_ADMIN_ROLES: ' , ' })).toThrow(/AUTH_ADMIN_ROLES/);
  });

  test('s3 driver without a bucket is refused', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
  });
});
