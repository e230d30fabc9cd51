import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3ErrorName, s3ErrorStatus } from './s3-error-mapping.ts';
import { provisioningFailed, settle, unsupportedBecause, type ProvisionStep } from './s3-provision-step.ts';

export type { ProvisionStep } from './s3-provision-step.ts';

const LIFECYCLE_RULE_ID = 'abort-incomplete-multipart-uploads';
const CORS = { methods: ['GET', 'HEAD', 'PUT'], headers: ['*'], expose: ['ETag'], maxAge: 3600 };

const sameSet = (a: string[] | undefined, b: string[]) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());

const existingLifecycleRules = async (client: S3Client, bucket: string): Promise<LifecycleRule[]> => {
  try {
    return (await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  } catch (error) {
    if (s3ErrorName(error) === 'NoSuchLifecycleConfiguration' || unsupportedBecause(error)) return [];
    throw error;
  }
};

const ensureBucket = async (client: S3Client, bucket: string): Promise<ProvisionStep> => {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return { step: 'bucket', status: 'applied', detail: 'already exists' };
  } catch (error) {
    if (s3ErrorStatus(error) !== 404) throw provisioningFailed('bucket', error);
  }
  const region = await client.config.region();
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
  } catch (error) {
    if (s3ErrorName(error) !== 'BucketAlreadyOwnedByYou') throw provisioningFailed('bucket', error);
  }
  return { step: 'bucket', status: 'applied', detail: 'created' };
};

/**
 * Makes the bucket private and fit for the service, idempotently: create it if missing, Block
 * Public Access on all four settings, object ownership enforced (ACLs off: the service never sets
 * any), default encryption, CORS for browser part uploads from `corsOrigins` (removed when there
 * are none), and a lifecycle rule aborting multipart uploads left incomplete for a day (other
 * lifecycle rules are kept). Each step reports whether the server applied it.
 */
export const provisionBucket = async (client: S3Client, bucket: string, options: { corsOrigins: string[] }): Promise<ProvisionStep[]> => {
  const Bucket = bucket;
  const report: ProvisionStep[] = [await ensureBucket(client, bucket)];
  const block = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  report.push(
    await settle(
      'public-access-block',
      () => client.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: block })),
      async () => {
        const kept = (await client.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration ?? {};
        return Object.keys(block).every((name) => kept[name as keyof typeof block] === true);
      },
    ),
  );
  report.push(
    await settle(
      'ownership-controls',
      () => client.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })),
      async () => {
        const rules = (await client.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules ?? [];
        return rules.length === 1 && rules[0]?.ObjectOwnership === 'BucketOwnerEnforced';
      },
    ),
  );
  report.push(
    await settle(
      'default-encryption',
      () =>
        client.send(
          new PutBucketEncryptionCommand({
            Bucket,
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          }),
        ),
      async () => {
        const rules = (await client.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
        return rules.some((rule) => rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm === 'AES256');
      },
    ),
  );
  report.push(
    options.corsOrigins.length === 0
      ? await settle(
          'cors',
          () => client.send(new DeleteBucketCorsCommand({ Bucket })),
          async () => true,
          'no origins configured: CORS removed',
        )
      : await settle(
          'cors',
          () =>
            client.send(
              new PutBucketCorsCommand({
                Bucket,
                CORSConfiguration: {
                  CORSRules: [
                    {
                      AllowedOrigins: options.corsOrigins,
                      AllowedMethods: CORS.methods,
                      AllowedHeaders: CORS.headers,
                      ExposeHeaders: CORS.expose,
                      MaxAgeSeconds: CORS.maxAge,
                    },
                  ],
                },
              }),
            ),
          async () => {
            const rules = (await client.send(new GetBucketCorsCommand({ Bucket }))).CORSRules ?? [];
            const rule = rules[0];
            return (
              rules.length === 1 &&
              rule !== undefined &&
              sameSet(rule.AllowedOrigins, options.corsOrigins) &&
              sameSet(rule.AllowedMethods, CORS.methods) &&
              sameSet(rule.ExposeHeaders, CORS.expose) &&
              rule.MaxAgeSeconds === CORS.maxAge
            );
          },
        ),
  );
  const abortRule: LifecycleRule = {
    ID: LIFECYCLE_RULE_ID,
    Status: 'Enabled',
    Filter: { Prefix: '' },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
  };
  report.push(
    await settle(
      'lifecycle',
      async () => {
        const others = (await existingLifecycleRules(client, bucket)).filter((rule) => rule.ID !== LIFECYCLE_RULE_ID);
        return client.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: [...others, abortRule] } }));
      },
      async () => {
        const rules = await existingLifecycleRules(client, bucket);
        return rules.some(
          (rule) => rule.ID === LIFECYCLE_RULE_ID && rule.Status === 'Enabled' && rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation === 1,
        );
      },
    ),
  );
  return report;
};
