import type { IncomingHttpHeaders } from 'node:http';
import type { ByteRange, ObjectInfo } from '../../application/ports/object-types.ts';

const RANGE = /^bytes=(\d*)-(\d*)$/i;

const toInt = (text: string): number | null => {
  const value = Number(text);
  return text !== '' && Number.isSafeInteger(value) ? value : null;
};

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

const opaqueTags = (header: string): string[] =>
  header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/**
 * The one range of a `Range` header, or null when the whole body is to be sent: no header, a
 * malformed one (RFC 9110 says ignore it) or several ranges (answered with the full 200 body).
 */
export const parseRangeHeader = (header: string | undefined): ByteRange | null => {
  const match = header === undefined ? null : RANGE.exec(header.trim());
  if (!match) return null;
  const start = match[1] === '' ? null : toInt(match[1]!);
  const end = match[2] === '' ? null : toInt(match[2]!);
  if (match[1] !== '' && start === null) return null;
  if (match[2] !== '' && end === null) return null;
  if (start === null && end === null) return null;
  if (start === null) return { kind: 'suffix', length: end! };
  if (end === null) return { kind: 'open', start };
  return end < start ? null : { kind: 'bounded', start, end };
};

/** If-None-Match (weak comparison) wins over If-Modified-Since, as RFC 9110 orders them. */
export const isNotModified = (headers: IncomingHttpHeaders, info: ObjectInfo): boolean => {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const weak = (tag: string) => tag.replace(/^W\//, '');
    return opaqueTags(noneMatch).some((tag) => tag === '*' || weak(tag) === weak(info.etag));
  }
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const date = Date.parse(since);
  return !Number.isNaN(date) && seconds(info.lastModified) <= Math.floor(date / 1000);
};

/** If-Range: a strong ETag or the exact Last-Modified date; otherwise the full body is sent. */
export const ifRangeAllows = (header: string | undefined, info: ObjectInfo): boolean => {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('W/')) return false;
  if (value.startsWith('"')) return value === info.etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(date / 1000) === seconds(info.lastModified);
};
