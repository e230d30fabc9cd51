import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/adapters/http/logger.ts';
import { logCapture } from '../support/http-test-server.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';

describe('logger redaction', () => {
  test('secret fields, signed-URL parameters, bearer tokens and JWTs never reach the output', () => {
    const capture = logCapture();
    const log = createLogger({ level: 'info', destination: capture });
    log.info(
      {
        req: { headers: { authorization: `Bearer ${JWT}`, cookie: 'sid=cookie-value-1', 'set-cookie': 'sid=cookie-value-2' } },
        password: 'pw-value-3',
        nested: { secret: 'secret-value-4', token: 'token-value-5' },
        url: 'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAVALUE6&X-Amz-Security-Token=STSVALUE7&X-Amz-Signature=abcdef8',
        fsUrl: 'http://127.0.0.1:3000/objects/images/x?expires=1&X-Signature=fsSignatureValue9',
        err: new Error(`failed for ${JWT}`),
      },
      `fetching https://x/y?X-Amz-Signature=abcdef10 with Bearer ${JWT}`,
    );
    const out = capture.text();
    for (const secret of [
      JWT,
      'cookie-value-1',
      'cookie-value-2',
      'pw-value-3',
      'secret-value-4',
      'token-value-5',
      'AKIAVALUE6',
      'STSVALUE7',
      'abcdef8',
      'fsSignatureValue9',
      'abcdef10',
    ]) {
      expect(out).not.toContain(secret);
    }
    const record = JSON.parse(out) as Record<string, any>;
    expect(record.url).toContain('X-Amz-Signature=[Redacted]');
    expect(record.fsUrl).toContain('expires=1');
    expect(record.err.type).toBe('Error');
    expect(record.err.stack).toContain('failed for [Redacted JWT]');
  });

  test('ordinary words are left alone', () => {
    const capture = logCapture();
    createLogger({ destination: capture }).info({ reason: 'invalid bearer token' }, 'token rejected');
    expect(JSON.parse(capture.text())).toMatchObject({ reason: 'invalid bearer token', msg: 'token rejected' });
  });
});
