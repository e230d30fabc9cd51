import type { DirectUploads } from './direct-uploads.port.ts';
import type { ObjectStorage } from './object-storage.port.ts';
import type { ObjectUrls } from './object-urls.port.ts';
import type { StoreMaintenance } from './store-maintenance.port.ts';

export type * from './object-types.ts';
export type { DirectUploads, ObjectStorage, ObjectUrls, StoreMaintenance };

/**
 * A whole object store as an adapter implements it (fs, S3, memory): every narrow port at once, plus a
 * reachability probe for /readyz. Use cases depend on the narrow ports they need, never on this.
 */
export interface ObjectStore extends ObjectStorage, ObjectUrls, DirectUploads, StoreMaintenance {
  /** Cheap reachability probe for /readyz. Throws `StoreUnavailable`. */
  ping(): Promise<void>;
}
