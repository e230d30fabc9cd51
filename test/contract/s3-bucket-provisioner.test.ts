import { GetBucketCorsCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, test } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/s3-client-factory.ts';
import { provisionBucket, type ProvisionStep } from '../../src/adapters/s3/s3-bucket-provisioner.ts';

const gaps = inject('s3Gaps');
const endpoint = inject('s3Endpoint');
const client = createS3Client({
  region: 'us-east-1',
  endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

// Which server gap decides each step; a step the server lacks must be reported 'unsupported', never 'applied'.
const gapOf: Partial<Record<ProvisionStep['step'], string>> = {
  'public-access-block': 'public-access-block',
  'ownership-controls': 'ownership-controls',
  'default-encryption': 'bucket-encryption',
  lifecycle: 'lifecycle',
};
const expectedStatus = (step: ProvisionStep['step']) => (gaps.includes(gapOf[step] ?? '') ? 'unsupported' : 'applied');
const origin = 'https://tickets.example.org';

describe(`provisionBucket on ${endpoint} (server gaps: ${gaps.join(', ') || 'none'})`, () => {
  test('creates the bucket, then reports every step the same way on a second run', async () => {
    const bucket = `prov-${randomUUID().slice(0, 18)}`;
    const first = await provisionBucket(client, bucket, { corsOrigins: [origin] });
    const second = await provisionBucket(client, bucket, { corsOrigins: [origin] });

    await expect(client.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    expect(first[0]).toEqual({ step: 'bucket', status: 'applied', detail: 'created' });
    expect(second[0]).toEqual({ step: 'bucket', status: 'applied', detail: 'already exists' });
    for (const report of [first, second]) {
      expect(report.map((s) => s.step)).toEqual(['bucket', 'public-access-block', 'ownership-controls', 'default-encryption', 'cors', 'lifecycle']);
      for (const step of report.slice(1)) {
        expect(step.status, `${step.step}: ${step.detail ?? ''}`).toBe(expectedStatus(step.step));
        if (step.status === 'unsupported') expect(step.detail).toMatch(/server/);
      }
    }
    expect(second.slice(1)).toEqual(first.slice(1));
  });

  test('CORS lets the configured origin PUT parts and read the ETag, and is removed when no origin is configured', async () => {
    const bucket = `prov-${randomUUID().slice(0, 18)}`;
    await provisionBucket(client, bucket, { corsOrigins: [origin] });
    const rules = (await client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules;
    expect(rules).toEqual([
      expect.objectContaining({ AllowedOrigins: [origin], AllowedMethods: ['GET', 'HEAD', 'PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }),
    ]);
    const preflight = await fetch(`${endpoint}/${bucket}/tracks/x/audio?partNumber=1&uploadId=u`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    const stranger = await fetch(`${endpoint}/${bucket}/tracks/x/audio`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(stranger.status).toBe(403);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'tracks/x/audio', Body: 'abc' }));
    const read = await fetch(`${endpoint}/${bucket}/tracks/x/audio`, { headers: { Origin: origin } });
    expect(read.headers.get('access-control-allow-origin')).toBe(origin);
    expect(read.headers.get('access-control-expose-headers')).toBe('ETag');

    const without = await provisionBucket(client, bucket, { corsOrigins: [] });
    expect(without.find((s) => s.step === 'cors')).toEqual({ step: 'cors', status: 'applied', detail: 'no origins configured: CORS removed' });
    await expect(client.send(new GetBucketCorsCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NoSuchCORSConfiguration' });
  });

  test('a failure that is not a missing feature is thrown as our error', async () => {
    const broken = createS3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    });
    await expect(provisionBucket(broken, 'prov-unreachable', { corsOrigins: [] })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
