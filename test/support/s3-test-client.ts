import { inject, test } from 'vitest';
import { createS3Client, type S3ClientSettings } from '../../src/adapters/s3/s3-client-factory.ts';
import type { S3Capability } from './s3-capabilities.ts';

/** A client on the suite's S3 server with the credentials it was started with (RGW checks them). */
export const testS3Client = (settings: Partial<S3ClientSettings> = {}) =>
  createS3Client({
    region: 'us-east-1',
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    credentials: inject('s3Credentials'),
    ...settings,
  });

/** Why the suite's S3 server cannot do `capability` the way AWS does, or null when it can. */
export const s3Gap = (capability: S3Capability): string | null => inject('s3Profile').gaps[capability] ?? null;

/**
 * The environment the service reads its S3 credentials from (the SDK's default chain): set for
 * in-process services, passed on to child processes.
 */
export const s3CredentialEnv = () => {
  const { accessKeyId, secretAccessKey } = inject('s3Credentials');
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
};

/**
 * A test run on both stores that needs `capabilities` of S3: skipped on an S3 server lacking one, with
 * that server's reason in its title (the fs store has every capability).
 */
export const testOnStore = (kind: 'fs' | 's3', ...capabilities: S3Capability[]) => {
  const reasons = kind === 's3' ? [...new Set(capabilities.map(s3Gap).filter((reason) => reason !== null))] : [];
  return (title: string, body: () => Promise<void>, timeout?: number) =>
    test.skipIf(reasons.length > 0)(reasons.length > 0 ? `${title} [not run on ${inject('s3Profile').server}: ${reasons.join('; ')}]` : title, body, timeout);
};
