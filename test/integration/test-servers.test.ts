import { inject, test, expect } from 'vitest';
import pg from 'pg';
import { S3Client, CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';

test('postgres and s3 answer', async () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  const { rows } = await client.query('select version() as v');
  await client.end();
  expect(rows[0].v).toMatch(/PostgreSQL/);
  const s3 = new S3Client({ endpoint: inject('s3Endpoint'), region: 'us-east-1', forcePathStyle: true, credentials: inject('s3Credentials') });
  await s3.send(new CreateBucketCommand({ Bucket: 'smoke' }));
  const out = await s3.send(new ListBucketsCommand({}));
  expect(out.Buckets?.map((b) => b.Name)).toContain('smoke');
});
