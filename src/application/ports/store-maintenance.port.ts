import type { ListPage, MultipartUploadInfo } from './object-types.ts';

/** What the sweeper needs to find leftovers: listing keys, unfinished multipart uploads and partial writes. */
export interface StoreMaintenance {
  list(prefix: string, cursor?: string | null, limit?: number): Promise<ListPage>;
  listMultipartUploads(olderThan: Date): Promise<MultipartUploadInfo[]>;
  /**
   * Removes partial writes a crashed process left behind, untouched since the cutoff (the fs store's temp
   * files). Returns how many. Stores that cannot hold partial objects return 0; S3's unfinished multipart
   * uploads are aborted through `listMultipartUploads` / `abortMultipart` instead.
   */
  purgeIncomplete(olderThan: Date): Promise<number>;
}
