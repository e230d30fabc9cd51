/**
 * The one table of what each S3 server the suite runs on does differently from AWS S3. A `gaps` entry
 * means tests of that behaviour cannot pass on the server and are marked (skipped with the reason in
 * their title), never silently passed. A `tolerated` entry is a divergence the adapter absorbs without
 * changing what it does on AWS: the tests run, and some exist to prove the adapter copes.
 */
export type S3Capability =
  | 'sigv4-verification'
  | 'suffix-range'
  | 'abort-multipart'
  | 'list-parts'
  | 'list-multipart-uploads'
  | 'bucket-policy'
  | 'secure-transport-policy'
  | 'public-access-block'
  /** The owner can still write once BlockPublicAcls is on (AWS); without it a provisioned bucket is read-only. */
  | 'owner-writes-under-public-access-block'
  | 'lifecycle'
  | 'ownership-controls'
  | 'bucket-encryption'
  /** Completion checks each part's ETag and S3's 5 MiB minimum for non-final parts. */
  | 'multipart-validation'
  /** Completion refuses parts listed out of ascending order (`InvalidPartOrder`). */
  | 'part-order-validation'
  | 'list-order';

export type S3Divergence = 'complete-etag' | 'complete-unknown-upload' | 'list-parts-unknown-upload' | 'provisioning-invalid-argument';

export interface S3ServerProfile {
  server: string;
  gaps: Partial<Record<S3Capability, string>>;
  tolerated: Partial<Record<S3Divergence, string>>;
}

/** s3rver 3.7.1, checked by hand (ARCHITECTURE.md, Tests). */
export const S3RVER_PROFILE: S3ServerProfile = {
  server: 's3rver 3.7.1',
  gaps: {
    'sigv4-verification': 'it never verifies a signature or an expiry',
    'suffix-range': 'it answers `bytes=-N` wrongly',
    'abort-multipart': 'it lacks AbortMultipartUpload',
    'list-parts': 'it lacks ListParts',
    'list-multipart-uploads': 'it lacks ListMultipartUploads',
    'bucket-policy': 'it lacks bucket policies',
    'secure-transport-policy': 'it lacks bucket policies',
    'public-access-block': 'it lacks PutPublicAccessBlock',
    lifecycle: 'it lacks lifecycle configuration',
    'ownership-controls': 'it lacks PutBucketOwnershipControls',
    'bucket-encryption': 'it lacks PutBucketEncryption',
    'multipart-validation': 'completion accepts any part list (no ETag, order or size checks)',
    'part-order-validation': 'completion accepts any part list (no ETag, order or size checks)',
    'list-order': 'it lists `a/b` before `a-1` and pages past keys it skipped',
  },
  tolerated: {},
};

/** Ceph RGW 16.2.15 (Debian 12's `radosgw`), measured against the suite; see S3-TEST-SERVER notes in the README. */
export const RGW_PROFILE: S3ServerProfile = {
  server: 'Ceph RGW 16.2 (pacific)',
  gaps: {
    'part-order-validation': 'CompleteMultipartUpload accepts parts listed out of order (AWS: 400 InvalidPartOrder)',
    'ownership-controls': 'PutBucketOwnershipControls is not implemented: 400 InvalidArgument',
    'bucket-encryption': 'PutBucketEncryption is not implemented without a key server: 400 InvalidArgument',
    'owner-writes-under-public-access-block':
      'with BlockPublicAcls on, every later PutObject/UploadPart is 403 even for the owner (a Ceph bug, fixed upstream in 2025)',
    'secure-transport-policy': 'a bucket policy condition on aws:SecureTransport is not enforced',
  },
  tolerated: {
    'complete-etag': 'CompleteMultipartUpload answers an empty <ETag>; the adapter reads the ETag with a HEAD',
    'complete-unknown-upload':
      'CompleteMultipartUpload on an aborted or unknown upload is 500 InternalError (AWS: 404 NoSuchUpload); the adapter asks ListParts and reports UploadNotFound',
    'list-parts-unknown-upload': 'ListParts on an aborted or unknown upload is 404 NoSuchKey (AWS: NoSuchUpload); the adapter maps it to UploadNotFound',
    'provisioning-invalid-argument':
      'bucket-configuration calls it lacks answer 400 InvalidArgument (AWS: NotImplemented); the provisioner reports them unsupported',
  },
};

/** A server named by TEST_S3_ENDPOINT: no gaps assumed unless TEST_S3_GAPS lists them. */
export const externalProfile = (endpoint: string, gaps: string[]): S3ServerProfile => ({
  server: `TEST_S3_ENDPOINT ${endpoint}`,
  gaps: Object.fromEntries(gaps.map((gap) => [gap, 'listed in TEST_S3_GAPS'])),
  tolerated: {},
});
