import { serverTaskCommand } from '../server-task.ts';

const USAGE = `usage: synesthesie-media provision

Configures the S3 bucket named by S3_BUCKET (idempotent): Block Public Access on all four settings,
object ownership enforced (ACLs off), default encryption, CORS for CORS_ORIGINS exposing ETag, and a
lifecycle rule that aborts incomplete multipart uploads after one day. Prints one line per step.
Uses the service's environment (S3_BUCKET, S3_REGION, S3_ENDPOINT, AWS credentials), not HTTP.

options:
  -h, --help   this help`;

export const provisionCommand = serverTaskCommand('provision', USAGE);
