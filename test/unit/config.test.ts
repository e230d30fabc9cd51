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

  test('production refuses to start without auth configuration', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://t.example/jwks.json' }).NODE_ENV).toBe('production');
  });

  test('s3 driver without a bucket is refused', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
  });
});
