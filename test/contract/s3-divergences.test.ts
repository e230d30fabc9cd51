import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createS3Client } from '../../src/adapters/s3/s3-client-factory.ts';
import { provisionBucket } from '../../src/adapters/s3/s3-bucket-provisioner.ts';
import { S3ObjectStore } from '../../src/adapters/s3/s3-object-store.ts';

/**
 * The answers of Ceph RGW 16 that differ from AWS (test/support/s3-capabilities.ts, `tolerated`), replayed
 * by a small HTTP server so the adapter's handling of them is proven on every machine, not only where RGW
 * is installed. The same paths run against RGW itself in the contract suites when it is.
 */
const error = (res: ServerResponse, status: number, code: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
};
const xml = (res: ServerResponse, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(200, { 'content-type': 'application/xml', ...headers });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
};
const bodyOf = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

const OPEN = 'open-upload';
const GONE = 'gone-upload';
const REAL_ETAG = '"3858f62230ac3c915f300c664312c11f-2"';

let server: Server;
let endpoint: string;
/** Bucket subresources the fake keeps, as RGW does for the ones it implements. */
const kept = new Map<string, string>();
/** Subresources the fake refuses the way RGW 16 refuses what it does not implement. */
const UNIMPLEMENTED = new Set(['ownershipControls', 'encryption']);
let completeAnswer: 'empty-etag' | 'internal-error' = 'empty-etag';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const sub = [...url.searchParams.keys()].find((name) => name !== 'x-id') ?? '';
    const uploadId = url.searchParams.get('uploadId');
    const body = await bodyOf(req);
    if (req.method === 'HEAD' && url.pathname === '/bucket') return void res.writeHead(200).end();
    if (req.method === 'HEAD') return void res.writeHead(200, { etag: REAL_ETAG, 'content-length': '10', 'content-type': 'audio/wav' }).end();
    if (req.method === 'POST' && uploadId) {
      if (uploadId === GONE || completeAnswer === 'internal-error') return error(res, 500, 'InternalError');
      return xml(res, '<CompleteMultipartUploadResult><Location>x</Location><Bucket>bucket</Bucket><Key>k</Key><ETag></ETag></CompleteMultipartUploadResult>');
    }
    if (req.method === 'GET' && uploadId) {
      if (uploadId === GONE) return error(res, 404, 'NoSuchKey');
      return xml(res, `<ListPartsResult><Bucket>bucket</Bucket><Key>k</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated></ListPartsResult>`);
    }
    if (UNIMPLEMENTED.has(sub)) return error(res, 400, 'InvalidArgument');
    if (req.method === 'PUT' && sub) return void (kept.set(sub, body), res.writeHead(200).end());
    if (req.method === 'DELETE' && sub) return void (kept.delete(sub), res.writeHead(204).end());
    if (req.method === 'GET' && sub) {
      // A GET of a bucket setting answers with the document the PUT sent (same shape in S3's API).
      const stored = kept.get(sub);
      return stored === undefined ? error(res, 404, sub === 'lifecycle' ? 'NoSuchLifecycleConfiguration' : 'NoSuchConfiguration') : xml(res, stored);
    }
    error(res, 501, 'NotImplemented');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () =>
  createS3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, maxAttempts: 1 });

describe("the S3 adapter copes with RGW 16's answers (replayed), acting as it does on AWS otherwise", () => {
  test('an empty ETag from CompleteMultipartUpload is read from the object with HEAD', async () => {
    completeAnswer = 'empty-etag';
    const store = new S3ObjectStore({ client: client(), bucket: 'bucket' });
    await expect(store.completeMultipart('tracks/t/audio', OPEN, [{ partNumber: 1, etag: '"a"' }])).resolves.toEqual({ etag: REAL_ETAG });
  });

  test('NoSuchKey from ListParts means the upload is gone: UploadNotFound, not StoreUnavailable', async () => {
    const store = new S3ObjectStore({ client: client(), bucket: 'bucket' });
    await expect(store.listParts('tracks/t/audio', GONE)).rejects.toMatchObject({ reason: 'uploadNotFound', code: 'UPLOAD_NOT_FOUND' });
    await expect(store.listParts('tracks/t/audio', OPEN)).resolves.toEqual([]);
  });

  test('a 500 completing an upload that ListParts no longer knows is UploadNotFound; one that still exists stays StoreUnavailable', async () => {
    const store = new S3ObjectStore({ client: client(), bucket: 'bucket' });
    await expect(store.completeMultipart('tracks/t/audio', GONE, [{ partNumber: 1, etag: '"a"' }])).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    completeAnswer = 'internal-error';
    try {
      await expect(store.completeMultipart('tracks/t/audio', OPEN, [{ partNumber: 1, etag: '"a"' }])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      completeAnswer = 'empty-etag';
    }
  });

  test('InvalidArgument on a bucket setting is reported unsupported, and the steps after it still run', async () => {
    const report = await provisionBucket(client(), 'bucket', { corsOrigins: ['https://app.example'] });
    expect(report.map((step) => [step.step, step.status])).toEqual([
      ['bucket', 'applied'],
      ['public-access-block', 'applied'],
      ['ownership-controls', 'unsupported'],
      ['default-encryption', 'unsupported'],
      ['cors', 'applied'],
      ['lifecycle', 'applied'],
    ]);
    expect(report.find((step) => step.step === 'ownership-controls')?.detail).toMatch(/InvalidArgument/);
    expect(kept.get('cors')).toContain('https://app.example');
    expect(kept.get('lifecycle')).toContain('abort-incomplete-multipart-uploads');
  });
});
