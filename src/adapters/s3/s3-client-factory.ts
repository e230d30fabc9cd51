import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientSettings {
  region: string;
  endpoint?: string | undefined;
  forcePathStyle?: boolean | undefined;
  /** Omit to use the SDK's default provider chain (env, profile, SSO, instance role, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  maxAttempts?: number | undefined;
}

/**
 * The one way the service builds its S3 client. Checksums only when an operation requires them:
 * flexible checksums on streamed bodies break S3-compatible servers (s3rver corrupts them) and
 * cost CPU for nothing over TLS. A short connect timeout makes an unreachable store fail fast.
 */
export const createS3Client = (settings: S3ClientSettings): S3Client =>
  new S3Client({
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    forcePathStyle: settings.forcePathStyle ?? false,
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
    maxAttempts: settings.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
