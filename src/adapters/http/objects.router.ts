import { Router, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ObjectInfo } from '../../application/ports/object-types.ts';
import type { SignedGrant, SignedObjectAccess } from '../shared/signed-object-access.ts';
import { unsatisfiedRangeSize } from '../../domain/errors/storage.errors.ts';
import { isAppError } from '../../domain/app-error.ts';
import { resolveByteRange } from '../shared/byte-range.ts';
import { ifRangeAllows, isNotModified, parseRangeHeader } from './objects-request-headers.ts';
import { AllowedOrigins } from './allowed-origins.ts';
import { statusForCode } from './error-status.ts';
import { signatureExpired, signatureInvalid, type ProblemCode } from './http-errors.ts';
import { problemType } from './problem.ts';
import { admitBody } from './request-bounds.middleware.ts';

export interface ObjectsRouterOptions {
  /** Origins allowed to read objects and PUT parts from a browser (e.g. Uppy on the ticketing site). */
  corsOrigins?: string[];
}

/**
 * What a signed read or part write may fail with, answered as itself; anything else is a generic 500, so no
 * internal wording reaches the client.
 */
const ANSWERED: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'VALIDATION_FAILED',
  'SIGNATURE_INVALID',
  'SIGNATURE_EXPIRED',
  'FORBIDDEN',
  'OBJECT_NOT_FOUND',
  'UPLOAD_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UPLOAD_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RANGE_NOT_SATISFIABLE',
  'STORE_UNAVAILABLE',
]);

// This router answers its own problems so it stays independent of the app's error middleware.
const problem = (res: Response, code: ProblemCode, detail: string): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = statusForCode(code);
  const title = code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');
  res.removeHeader('Content-Disposition');
  res.status(status).setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify({ type: problemType(code), title, status, detail, code }));
};

const fail = (res: Response, error: unknown): void => {
  const byteSize = unsatisfiedRangeSize(error);
  if (byteSize !== undefined) res.setHeader('Content-Range', `bytes */${byteSize}`);
  if (isAppError<ProblemCode>(error) && ANSWERED.has(error.code)) return problem(res, error.code, error.detail ?? error.message);
  problem(res, 'INTERNAL', 'An unexpected error occurred.');
};

const PART_IDLE_MS = 60_000;

const keyOf = (req: Request): string => {
  const segments = (req.params as Record<string, unknown>).key;
  return Array.isArray(segments) ? segments.join('/') : String(segments ?? '');
};

/**
 * `GET|HEAD|PUT /objects/*key`: the fs store's signed URLs, answered the way S3 answers its
 * presigned URLs (403 expired/altered, 404 gone, ranges, validators, response overrides).
 */
export const createObjectsRouter = (access: SignedObjectAccess, options: ObjectsRouterOptions = {}): Router => {
  const origins = new AllowedOrigins(options.corsOrigins ?? []);

  const allowOrigin = (req: Request, res: Response): boolean => {
    const origin = origins.match(req.headers.origin);
    if (origin === null) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Range, Accept-Ranges, Content-Length');
    return true;
  };

  const authorize = (req: Request, res: Response): SignedGrant | null => {
    const query = new URL(req.originalUrl, 'http://objects.invalid').searchParams;
    const verdict = access.verify({ method: req.method, key: keyOf(req), query });
    if (verdict.ok) return verdict.grant;
    fail(res, verdict.reason === 'expired' ? signatureExpired() : signatureInvalid());
    return null;
  };

  const describe = (res: Response, info: ObjectInfo, grant: SignedGrant): void => {
    res.setHeader('ETag', info.etag);
    res.setHeader('Last-Modified', info.lastModified.toUTCString());
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', `private, max-age=${grant.secondsLeft}`);
    res.setHeader('Content-Type', grant.contentType ?? info.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Signed URLs are meant to be embedded from other origins, as S3's are.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (grant.disposition !== undefined) res.setHeader('Content-Disposition', grant.disposition);
  };

  const read = async (req: Request, res: Response): Promise<void> => {
    allowOrigin(req, res);
    const grant = authorize(req, res);
    if (!grant) return;
    try {
      const requested = parseRangeHeader(req.headers.range);
      const { 'if-none-match': noneMatch, 'if-modified-since': modifiedSince, 'if-range': ifRange } = req.headers;
      // A plain GET (what players and browsers send) opens the file once; validators need a look first.
      const plain = req.method === 'GET' && noneMatch === undefined && modifiedSince === undefined && ifRange === undefined;
      const info = plain ? null : await access.head(grant.key);
      if (info && isNotModified(req.headers, info)) {
        describe(res, info, grant);
        res.removeHeader('Content-Type');
        res.status(304).end();
        return;
      }
      const range = requested && (!info || ifRangeAllows(Array.isArray(ifRange) ? ifRange[0] : ifRange, info)) ? requested : null;
      const body =
        req.method === 'HEAD' && info
          ? { info, range: range ? resolveByteRange(range, info.byteSize) : null, stream: null }
          : await access.getStream(grant.key, range ?? undefined);
      describe(res, body.info, grant);
      const { start, end } = body.range ?? { start: 0, end: body.info.byteSize - 1 };
      if (body.range) res.setHeader('Content-Range', `bytes ${start}-${end}/${body.info.byteSize}`);
      res.setHeader('Content-Length', String(end - start + 1));
      res.status(body.range ? 206 : 200);
      if (!body.stream) {
        res.end();
        return;
      }
      await pipeline(body.stream, res).catch(() => {
        // The client went away or the file failed mid-body: pipeline has already torn both ends down.
      });
    } catch (error) {
      fail(res, error);
    }
  };

  const write = async (req: Request, res: Response): Promise<void> => {
    allowOrigin(req, res);
    const grant = authorize(req, res);
    if (!grant) return;
    const maxBytes = grant.maxBytes ?? 0;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Refused on the declared length alone: not one byte of the body is read or stored.
      problem(res, 'PAYLOAD_TOO_LARGE', `This part holds at most ${maxBytes} bytes.`);
      return;
    }
    admitBody(req, res);
    // A PUT that stops sending holds its part's upload slot; the fs store takes over a slot untouched for two minutes.
    req.setTimeout(PART_IDLE_MS, () => req.destroy());
    try {
      const { etag } = await access.putPart(grant.key, grant.uploadId!, grant.partNumber!, req, maxBytes);
      res.setHeader('ETag', etag);
      res.setHeader('Access-Control-Expose-Headers', 'ETag');
      res.status(200).end();
    } catch (error) {
      // The body may be unread; closing the connection keeps the rest of it from being parsed as a request.
      res.setHeader('Connection', 'close');
      fail(res, error);
    }
  };

  const preflight = (req: Request, res: Response): void => {
    const method = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
    if (!allowOrigin(req, res) || !['GET', 'HEAD', 'PUT'].includes(method)) {
      problem(res, 'FORBIDDEN', 'This origin may not use object URLs.');
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, PUT');
    const headers = req.headers['access-control-request-headers'];
    if (headers !== undefined) res.setHeader('Access-Control-Allow-Headers', headers);
    res.setHeader('Access-Control-Max-Age', '3600');
    res.status(204).end();
  };

  const router = Router();
  router
    .route('/objects/*key')
    .options(preflight)
    .head(read)
    .get(read)
    .put(write)
    .all((_req, res) => {
      res.setHeader('Allow', 'GET, HEAD, PUT, OPTIONS');
      problem(res, 'METHOD_NOT_ALLOWED', 'Object URLs answer GET, HEAD and PUT.');
    });
  return router;
};
