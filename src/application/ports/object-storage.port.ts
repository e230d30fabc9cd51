import type { Readable } from 'node:stream';
import type { ByteRange, ObjectBody, ObjectInfo, PutOptions } from './object-types.ts';

/**
 * Storing and reading objects by key. Errors are ours (`objectNotFound`, `storeUnavailable`,
 * `rangeNotSatisfiable`, `invalidObjectKey` in storage.errors.ts), never SDK types.
 */
export interface ObjectStorage {
  put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<{ etag: string; byteSize: number }>;
  head(key: string): Promise<ObjectInfo>;
  getStream(key: string, range?: ByteRange): Promise<ObjectBody>;
  /** Idempotent: keys that do not exist are ignored. */
  delete(keys: string[]): Promise<void>;
}
