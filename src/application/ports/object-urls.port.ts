import type { PresignGetOptions, PresignedUrl } from './object-types.ts';

/** Short-lived URLs that let a client read one object straight from the store. */
export interface ObjectUrls {
  presignGet(key: string, options: PresignGetOptions): Promise<PresignedUrl>;
}
