import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { performance } from 'node:perf_hooks';
import { S3ObjectStore } from '../src/adapters/s3/s3-object-store.ts';
import type { Bench } from './support/context.ts';
import { figure, type Figure } from './support/results.ts';

const TTL = 900;
const key = (i: number) => `images/00000000-0000-4000-8000-${String(i).padStart(12, '0')}/thumbnail.webp`;

/** URLs per second of `sign(i)` over `count` calls, after a short warm-up of the same kind. */
const rate = async (count: number, sign: (i: number) => Promise<unknown>, offset = 0): Promise<number> => {
  for (let i = 0; i < Math.min(200, count); i++) await sign(offset + 1_000_000 + i);
  const started = performance.now();
  for (let i = 0; i < count; i++) await sign(offset + i);
  return count / ((performance.now() - started) / 1000);
};

/**
 * The service's S3 store presigning (SigV4 of @smithy/signature-v4, windowed and memoised) against
 * getSignedUrl of @aws-sdk/s3-request-presigner, on the same client and bucket.
 */
export const presignBench: Bench = async (ctx) => {
  const bucket = await ctx.backends.bucket();
  const client = ctx.backends.s3;
  const store = new S3ObjectStore({ client, bucket });
  const n = ctx.args.large ? 20_000 : 5_000;

  const sdk = await rate(Math.round(n / 4), (i) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key(i) }), { expiresIn: TTL }));
  const cold = await rate(n, (i) => store.presignGet(key(i), { ttlSeconds: TTL }), 2_000_000);
  const hot = await rate(n * 4, () => store.presignGet(key(7), { ttlSeconds: TTL }));
  ctx.shared.set('presign.coldMicros', 1e6 / cold);
  ctx.shared.set('presign.sdkMicros', 1e6 / sdk);
  ctx.log(`presign: sdk ${sdk.toFixed(0)}/s, cold ${cold.toFixed(0)}/s, memo hit ${hot.toFixed(0)}/s`);

  const figures: Figure[] = [
    figure({
      bench: 'presign',
      figure: 'store.presignGet, distinct keys (cold)',
      unit: 'URLs/s',
      value: cold,
      baseline: sdk,
      baselineName: 'getSignedUrl per URL',
    }),
    figure({
      bench: 'presign',
      figure: 'store.presignGet, same key (memo hit)',
      unit: 'URLs/s',
      value: hot,
      baseline: sdk,
      baselineName: 'getSignedUrl per URL',
    }),
    figure({ bench: 'presign', figure: 'cost per URL, cold', unit: 'µs', value: 1e6 / cold, baseline: 1e6 / sdk, baselineName: 'getSignedUrl per URL' }),
  ];
  return figures;
};
