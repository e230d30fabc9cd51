import { GetObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, test } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/s3-client-factory.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { S3Presigner } from '../../src/adapters/s3/s3-presigner.ts';

// Signing needs no server: these clients point at hosts that are never contacted.
const clients: Array<[string, S3Client]> = [
  [
    'path-style, custom endpoint with a port',
    createS3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
  ],
  [
    'virtual-host style on AWS, session token',
    createS3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token/with+chars=' },
    }),
  ],
  [
    'virtual-host style, SDK default checksum settings',
    new S3Client({ region: 'ap-southeast-2', credentials: { accessKeyId: 'AKID2', secretAccessKey: 'SECRET2' } }),
  ],
];

const bucket = 'media-bucket-1';
const signingDate = new Date('2025-03-04T05:06:00Z');
const keys = ['tracks/0b7f3c2e-1d2a-4e5f-9a8b-7c6d5e4f3a2b/audio', "odd key/with (parens)!*'/é/ü+%.mp3"];

describe.each(clients)('presigned URLs equal getSignedUrl: %s', (_label, client) => {
  const presigner = new S3Presigner(client, bucket);

  test.each(keys)('GetObject %s, with and without response overrides', async (key) => {
    for (const overrides of [
      {},
      {
        disposition: `attachment; filename="Track (1).mp3"; filename*=UTF-8''Track%20%281%29%20%F0%9F%8E%B5.mp3`,
        contentType: 'audio/mpeg',
      },
    ]) {
      const ours = await presigner.presignGet(key, overrides, signingDate, 1125);
      const sdk = await getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: overrides.disposition, ResponseContentType: overrides.contentType }),
        { signingDate, expiresIn: 1125 },
      );
      expect(ours).toBe(sdk);
    }
  });

  test.each(keys)('UploadPart %s', async (key) => {
    const uploadId = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA--';
    const ours = await presigner.presignUploadPart(key, uploadId, 7, 5 * 1024 * 1024, signingDate, 3600);
    // The part's length is signed: S3 refuses a PUT of this URL with any other Content-Length.
    expect(new URL(ours).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    const sdk = await getSignedUrl(
      client,
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 7, ContentLength: 5 * 1024 * 1024 }),
      {
        signingDate,
        expiresIn: 3600,
      },
    );
    if ((await client.config.requestChecksumCalculation()) === 'WHEN_REQUIRED') {
      expect(ours).toBe(sdk);
      return;
    }
    // With the SDK's default (WHEN_SUPPORTED) getSignedUrl signs the CRC32 of an empty body into a
    // part URL, which S3 then refuses for any real part; ours never carries a checksum.
    expect(sdk).toContain('x-amz-checksum-crc32=AAAAAA%3D%3D');
    expect(ours).not.toContain('checksum');
  });
});

describe('the store signs at the window start and memoises', () => {
  test('a URL from S3ObjectStore equals getSignedUrl signed at the window start for ttl + window', async () => {
    const client = clients[0]![1];
    let now = new Date('2025-03-04T05:10:17Z');
    const store = new S3ObjectStore({ client, bucket, clock: () => now });
    const first = await store.presignGet('images/x/display.webp', { ttlSeconds: 900 });
    // ttl 900 s: a 225 s window; 05:10:17 falls in the window starting 05:07:30.
    const windowStart = new Date('2025-03-04T05:07:30Z');
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'images/x/display.webp' }), {
      signingDate: windowStart,
      expiresIn: 900 + 225,
    });
    expect(first.url).toBe(sdk);
    expect(first.expiresAt).toEqual(new Date(windowStart.getTime() + 1125_000));

    now = new Date('2025-03-04T05:11:14Z');
    expect((await store.presignGet('images/x/display.webp', { ttlSeconds: 900 })).url).toBe(first.url);
    now = new Date('2025-03-04T05:11:15Z');
    const next = await store.presignGet('images/x/display.webp', { ttlSeconds: 900 });
    expect(next.url).not.toBe(first.url);
    expect(store.presignStats()).toMatchObject({ hits: 1, misses: 2 });
  });

  test('lifetimes are capped at the 7 days SigV4 allows', async () => {
    const store = new S3ObjectStore({ client: clients[1]![1], bucket });
    const { url, expiresAt } = await store.presignGet('a/b', { ttlSeconds: 7 * 24 * 3600 });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe(String(7 * 24 * 3600));
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
  });
});
