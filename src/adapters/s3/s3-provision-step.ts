import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../../domain/app-error.ts';
import { bucketProvisioningFailed } from '../../domain/errors/storage.errors.ts';
import { s3ErrorName, s3ErrorStatus } from './s3-error-mapping.ts';

export interface ProvisionStep {
  step: 'bucket' | 'public-access-block' | 'ownership-controls' | 'default-encryption' | 'cors' | 'lifecycle';
  /** `unsupported`: the server refused or silently ignored the setting; `detail` says which. */
  status: 'applied' | 'unsupported';
  detail?: string;
}

export const unsupportedBecause = (error: unknown): string | null => {
  const name = s3ErrorName(error);
  const status = s3ErrorStatus(error);
  if (name === 'NotImplemented' || name === 'MethodNotAllowed' || status === 501 || status === 405) {
    return `the server answered ${name || status}`;
  }
  // Ceph RGW answers 400 InvalidArgument for the bucket settings it does not implement (ownership controls,
  // default encryption); AWS accepts the well-formed requests this provisioner sends, so it never lands here.
  if (name === 'InvalidArgument') return 'the server answered InvalidArgument: it does not implement this setting';
  // A server that does not know the subresource may route the PUT to CreateBucket.
  if (name === 'BucketAlreadyExists' || name === 'BucketAlreadyOwnedByYou') {
    return 'the server took the call for CreateBucket: it does not know this setting';
  }
  return null;
};

export const provisioningFailed = (step: string, error: unknown): AppError => bucketProvisioningFailed(step, s3ErrorName(error) || String(error), error);

/** Applies a setting, then reads it back: a server that answers 200 but keeps nothing is reported, not trusted. */
export const settle = async (
  step: ProvisionStep['step'],
  apply: () => Promise<unknown>,
  kept: () => Promise<boolean>,
  detail?: string,
): Promise<ProvisionStep> => {
  try {
    await apply();
  } catch (error) {
    const reason = unsupportedBecause(error);
    if (reason) return { step, status: 'unsupported', detail: reason };
    throw provisioningFailed(step, error);
  }
  try {
    // Bucket settings propagate with a lag on AWS: read back a few times before calling it ignored.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (await kept()) return detail === undefined ? { step, status: 'applied' } : { step, status: 'applied', detail };
      if (attempt < 4) await sleep(150 * 2 ** attempt);
    }
    return { step, status: 'unsupported', detail: 'the server accepted the call but did not keep the setting' };
  } catch (error) {
    const reason = unsupportedBecause(error);
    if (reason) return { step, status: 'unsupported', detail: `the server accepted the call but cannot read it back (${reason})` };
    throw provisioningFailed(step, error);
  }
};
