import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/s3-client-factory.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';
import { objectStoreContract } from './object-store.contract.ts';

const gaps = inject('s3Gaps');
const lacks = (gap: string) => gaps.includes(gap);

objectStoreContract(
  `s3 at ${inject('s3Endpoint')}${gaps.length > 0 ? ` (server gaps: ${gaps.join(', ')})` : ''}`,
  async () => {
    const client = createS3Client({
      region: 'us-east-1',
      endpoint: inject('s3Endpoint'),
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const bucket = `contract-${randomUUID().slice(0, 18)}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      store: new S3ObjectStore({ client, bucket, partSize: 5 * 1024 * 1024, queueSize: 2 }),
      dispose: async () => client.destroy(),
    };
  },
  {
    fetchableUrls: true,
    verifiesSignatures: !lacks('sigv4-verification'),
    validatesCompletion: !lacks('multipart-validation'),
    listParts: !lacks('list-parts'),
    abortMultipart: !lacks('abort-multipart'),
    listMultipartUploads: !lacks('list-multipart-uploads'),
    byteOrderListing: !lacks('list-order'),
    // S3 checks expiry against its own clock; nothing here can move it.
    controllableClock: false,
  },
);
