import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { s3Gap, testS3Client } from '../support/s3-test-client.ts';
import { objectStoreContract } from './object-store.contract.ts';

const profile = inject('s3Profile');
const gapNames = Object.keys(profile.gaps);

objectStoreContract(
  `s3 on ${profile.server} at ${inject('s3Endpoint')}${gapNames.length > 0 ? ` (server gaps: ${gapNames.join(', ')})` : ''}`,
  async () => {
    const client = testS3Client();
    const bucket = `contract-${randomUUID().slice(0, 18)}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      store: new S3ObjectStore({ client, bucket, partSize: 5 * 1024 * 1024, queueSize: 2 }),
      dispose: async () => client.destroy(),
    };
  },
  {
    fetchableUrls: true,
    verifiesSignatures: !s3Gap('sigv4-verification'),
    validatesCompletion: !s3Gap('multipart-validation'),
    validatesPartOrder: !s3Gap('part-order-validation'),
    listParts: !s3Gap('list-parts'),
    abortMultipart: !s3Gap('abort-multipart'),
    listMultipartUploads: !s3Gap('list-multipart-uploads'),
    byteOrderListing: !s3Gap('list-order'),
    // S3 checks expiry against its own clock; nothing here can move it.
    controllableClock: false,
  },
  profile.gaps,
);

const signatureGap = s3Gap('sigv4-verification');
const signed = signatureGap ? test.skip : test;
const notRun = signatureGap ? ` [not run on ${profile.server}: ${signatureGap}]` : '';

describe(`the S3 server checks every presigned URL (${profile.server})`, () => {
  const client = testS3Client();
  const bucket = `signed-${randomUUID().slice(0, 18)}`;
  const store = new S3ObjectStore({ client, bucket });
  const tamper = (url: string, change: (u: URL) => void) => {
    const copy = new URL(url);
    change(copy);
    return copy.toString();
  };
  const flip = (u: URL, param: string) =>
    u.searchParams.set(
      param,
      u.searchParams.get(param)!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    );

  beforeAll(async () => {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => client.destroy());

  signed(`an UploadPart URL with another signature, key, part number, upload id or expiry is refused and stores nothing${notRun}`, async () => {
    const key = `tracks/${randomUUID()}/audio`;
    const { uploadId } = await store.startMultipart(key, { contentType: 'audio/wav' });
    // The part's length is signed into its URL: every attempt below sends exactly those 7 bytes.
    const { url } = await store.presignPart(key, uploadId, 1, { ttlSeconds: 300, byteSize: 7 });
    const altered = {
      signature: tamper(url, (u) => flip(u, 'X-Amz-Signature')),
      key: tamper(url, (u) => (u.pathname = u.pathname.replace(/audio$/, 'other'))),
      partNumber: tamper(url, (u) => u.searchParams.set('partNumber', '2')),
      uploadId: tamper(url, (u) => u.searchParams.set('uploadId', `${uploadId}x`)),
      expiry: tamper(url, (u) => u.searchParams.set('X-Amz-Expires', '604800')),
    };
    for (const [what, bad] of Object.entries(altered)) {
      expect((await fetch(bad, { method: 'PUT', body: 'tampere' })).status, what).toBe(403);
    }
    expect((await fetch(url, { method: 'PUT', body: 'genuine' })).status).toBe(200);
    if (!s3Gap('list-parts')) expect((await store.listParts(key, uploadId)).map((p) => [p.partNumber, p.size])).toEqual([[1, 7]]);
    await store.abortMultipart(key, uploadId);
  });

  signed(`GET and UploadPart URLs whose expiry has passed are refused${notRun}`, async () => {
    // A store whose clock is two hours behind signs URLs that expired before they were made.
    const late = new S3ObjectStore({ client, bucket, clock: () => new Date(Date.now() - 2 * 3600_000) });
    const key = `images/${randomUUID()}/original`;
    await store.put(key, Buffer.from('image bytes'), { contentType: 'image/png' });
    expect((await fetch((await store.presignGet(key, { ttlSeconds: 60 })).url)).status).toBe(200);
    const expired = await fetch((await late.presignGet(key, { ttlSeconds: 60 })).url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired|AccessDenied/i);
    const { uploadId } = await store.startMultipart(`${key}-upload`, { contentType: 'audio/wav' });
    const part = await late.presignPart(`${key}-upload`, uploadId, 1, { ttlSeconds: 60, byteSize: 4 });
    expect((await fetch(part.url, { method: 'PUT', body: 'late' })).status).toBe(403);
    await store.abortMultipart(`${key}-upload`, uploadId);
  });

  signed(`URLs signed with a wrong secret or an unknown access key are refused${notRun}`, async () => {
    const key = `images/${randomUUID()}/display.webp`;
    await store.put(key, Buffer.from('webp bytes'), { contentType: 'image/webp' });
    const { accessKeyId } = inject('s3Credentials');
    for (const credentials of [
      { accessKeyId, secretAccessKey: 'not-the-secret' },
      { accessKeyId: 'UNKNOWNKEY0000000000', secretAccessKey: 'whatever' },
    ]) {
      const other = new S3ObjectStore({ client: testS3Client({ credentials }), bucket });
      expect((await fetch((await other.presignGet(key, { ttlSeconds: 60 })).url)).status, credentials.accessKeyId).toBe(403);
    }
  });
});
