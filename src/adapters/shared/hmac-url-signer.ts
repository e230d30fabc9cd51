import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict, SignedGrant, SignedMethod, SignedRequest } from './signed-object-access.ts';

export interface SignInput {
  method: SignedMethod;
  key: string;
  /** Unix seconds. */
  expires: number;
  disposition?: string;
  contentType?: string;
  uploadId?: string;
  partNumber?: number;
  /** Part PUTs: the most bytes the URL accepts. */
  maxBytes?: number;
}

const OPTIONAL = {
  'response-content-disposition': 'disposition',
  'response-content-type': 'contentType',
  uploadId: 'uploadId',
  partNumber: 'partNumber',
  'X-Max-Bytes': 'maxBytes',
} as const;
const KNOWN = new Set(['X-Expires', 'X-Method', 'X-Signature', ...Object.keys(OPTIONAL)]);
// Separates these signatures from any other use of the same secret.
const DOMAIN = 'synesthesie-object-url-v1';

const enc = (value: string) => encodeURIComponent(value);

/**
 * HMAC-SHA256 signed, expiring URLs to the service's own `/objects/{key}` route. The MAC covers
 * the method, the key and every query parameter, so any change to the URL invalidates it.
 */
export class HmacUrlSigner {
  private readonly secret: Buffer;
  private readonly base: string;

  constructor(secret: string | Uint8Array, publicBaseUrl: string) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.secret.length < 16) throw new Error('the URL signing secret must be at least 16 bytes');
    this.base = publicBaseUrl.replace(/\/+$/, '');
  }

  sign(input: SignInput): string {
    const params: Array<[string, string]> = [
      ['X-Expires', String(input.expires)],
      ['X-Method', input.method],
    ];
    for (const [name, field] of Object.entries(OPTIONAL)) {
      const value = input[field];
      if (value !== undefined) params.push([name, String(value)]);
    }
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const signature = this.mac(input.key, params).toString('hex');
    const query = [...params, ['X-Signature', signature]].map(([k, v]) => `${enc(k!)}=${enc(v!)}`).join('&');
    const path = input.key.split('/').map(enc).join('/');
    return `${this.base}/objects/${path}?${query}`;
  }

  verify(request: SignedRequest, now: Date): SignatureVerdict {
    const params = new Map<string, string>();
    for (const [name, value] of request.query) {
      if (params.has(name) || !KNOWN.has(name)) return { ok: false, reason: 'invalid' };
      params.set(name, value);
    }
    const signature = params.get('X-Signature') ?? '';
    const expiresText = params.get('X-Expires') ?? '';
    const method = params.get('X-Method');
    if (!/^[0-9a-f]{64}$/.test(signature) || !/^[0-9]{1,12}$/.test(expiresText)) return { ok: false, reason: 'invalid' };
    if (method !== 'GET' && method !== 'PUT') return { ok: false, reason: 'invalid' };

    params.delete('X-Signature');
    const signed = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!timingSafeEqual(this.mac(request.key, signed), Buffer.from(signature, 'hex'))) {
      return { ok: false, reason: 'invalid' };
    }
    const allowed = method === 'GET' ? ['GET', 'HEAD'] : ['PUT'];
    const partNumber = params.get('partNumber');
    const uploadId = params.get('uploadId');
    const maxBytes = params.get('X-Max-Bytes');
    // A part URL without a signed length would accept a body of any size: it is not one we issue.
    const isPart =
      uploadId !== undefined && partNumber !== undefined && /^[1-9][0-9]{0,4}$/.test(partNumber) && maxBytes !== undefined && /^[0-9]{1,16}$/.test(maxBytes);
    if (!allowed.includes(request.method.toUpperCase()) || (method === 'PUT') !== isPart) {
      return { ok: false, reason: 'invalid' };
    }
    const expiresMs = Number(expiresText) * 1000;
    if (now.getTime() >= expiresMs) return { ok: false, reason: 'expired' };

    const grant: SignedGrant = {
      method,
      key: request.key,
      expiresAt: new Date(expiresMs),
      secondsLeft: Math.floor((expiresMs - now.getTime()) / 1000),
    };
    const disposition = params.get('response-content-disposition');
    const contentType = params.get('response-content-type');
    if (disposition !== undefined) grant.disposition = disposition;
    if (contentType !== undefined) grant.contentType = contentType;
    if (isPart) {
      grant.uploadId = uploadId;
      grant.partNumber = Number(partNumber);
      grant.maxBytes = Number(maxBytes);
    }
    return { ok: true, grant };
  }

  private mac(key: string, params: Array<[string, string]>): Buffer {
    const canonical = [DOMAIN, key, ...params.map(([k, v]) => `${enc(k)}=${enc(v)}`)].join('\n');
    return createHmac('sha256', this.secret).update(canonical).digest();
  }
}
