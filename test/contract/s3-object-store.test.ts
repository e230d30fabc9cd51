import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
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
