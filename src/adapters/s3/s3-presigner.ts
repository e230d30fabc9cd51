import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.ts';

interface BucketEndpoint {
  protocol: string;
  hostname: string;
  port: number | undefined;
  basePath: string;
  signingRegion: string;
  signingName: string;
}

// The SDK's serializer encodes each key segment this way; the URL must match it byte for byte.
const escape = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Presigns S3 GETs and part PUTs with the SDK's own signer (SignatureV4 of @smithy/signature-v4)
 * on node:crypto hashing, without the client's middleware stack: the same URL getSignedUrl
 * builds (tests prove it), at a fraction of the cost. The bucket's endpoint is resolved once
 * through the client's own endpoint rules, so path-style and virtual-host buckets both work.
 */
export class S3Presigner {
  private endpoint: Promise<BucketEndpoint> | undefined;
  private signer: Promise<SignatureV4> | undefined;
  private checksumMode: Promise<boolean> | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** Identifies the signing identity, so a URL memo never outlives a credential rotation. */
  async identity(): Promise<string> {
    const credentials = await this.client.config.credentials();
    return credentials.accessKeyId;
  }

  async presignGet(
    key: string,
    overrides: { disposition?: string | undefined; contentType?: string | undefined },
    signedAt: Date,
    expiresInSeconds: number,
  ): Promise<string> {
    const query: Record<string, string> = { 'x-id': 'GetObject' };
    if (overrides.disposition !== undefined) query['response-content-disposition'] = overrides.disposition;
    if (overrides.contentType !== undefined) query['response-content-type'] = overrides.contentType;
    // getSignedUrl sends this when the client validates response checksums (WHEN_SUPPORTED).
    if (await (this.checksumMode ??= this.resolveChecksumMode())) query['x-amz-checksum-mode'] = 'ENABLED';
    return this.sign('GET', key, query, signedAt, expiresInSeconds);
  }

  /** The part's exact length is a signed header: S3 refuses a PUT of any other size, so a part cannot outgrow its plan. */
  presignUploadPart(key: string, uploadId: string, partNumber: number, byteSize: number, signedAt: Date, expiresInSeconds: number): Promise<string> {
    const query = { 'x-id': 'UploadPart', partNumber: String(partNumber), uploadId };
    return this.sign('PUT', key, query, signedAt, expiresInSeconds, { 'content-length': String(byteSize) });
  }

  private async sign(
    method: string,
    key: string,
    query: Record<string, string>,
    signedAt: Date,
    expiresIn: number,
    extraHeaders: Record<string, string> = {},
  ): Promise<string> {
    const endpoint = await (this.endpoint ??= this.resolveEndpoint());
    const signer = await (this.signer ??= this.createSigner());
    const host = endpoint.port === undefined ? endpoint.hostname : `${endpoint.hostname}:${endpoint.port}`;
    const path = `${endpoint.basePath}/${key.split('/').map(escape).join('/')}`;
    const signed = await signer.presign(
      {
        method,
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port,
        path,
        query,
        headers: { host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...extraHeaders },
      },
      {
        signingDate: signedAt,
        expiresIn,
        signingRegion: endpoint.signingRegion,
        signingService: endpoint.signingName,
        unsignableHeaders: new Set(['content-type']),
      },
    );
    const signedQuery = signed.query ?? {};
    const search = Object.keys(signedQuery)
      .sort()
      .map((name) => `${escape(name)}=${escape(String(signedQuery[name]))}`)
      .join('&');
    return `${endpoint.protocol}//${host}${path}?${search}`;
  }

  private async resolveEndpoint(): Promise<BucketEndpoint> {
    const resolved = await getEndpointFromInstructions(
      { Bucket: this.bucket, Key: 'k' },
      GetObjectCommand as unknown as Parameters<typeof getEndpointFromInstructions>[1],
      this.client.config as unknown as Parameters<typeof getEndpointFromInstructions>[2],
    );
    const url = resolved.url;
    const scheme = (resolved.properties?.authSchemes as Array<Record<string, string>> | undefined)?.[0] ?? {};
    return {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      basePath: url.pathname.replace(/\/+$/, ''),
      signingRegion: scheme.signingRegion ?? (await this.client.config.region()),
      signingName: scheme.signingName ?? 's3',
    };
  }

  private async createSigner(): Promise<SignatureV4> {
    return new SignatureV4({
      service: 's3',
      region: await this.client.config.region(),
      credentials: this.client.config.credentials,
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  private async resolveChecksumMode(): Promise<boolean> {
    return (await this.client.config.responseChecksumValidation()) === 'WHEN_SUPPORTED';
  }
}
