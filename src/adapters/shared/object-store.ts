import type { DirectUploads } from '../../application/ports/direct-uploads.port.ts';
import type { ObjectStorage } from '../../application/ports/object-storage.port.ts';
import type { ObjectUrls } from '../../application/ports/object-urls.port.ts';
import type { StoreMaintenance } from '../../application/ports/store-maintenance.port.ts';

/**
 * A whole object store as an adapter implements it (fs, S3, memory): every narrow port at once, plus a
 * reachability probe for /readyz. Only adapters, bootstrap and tests that exercise a whole store name it;
 * use cases depend on the narrow ports they need.
 */
export interface ObjectStore extends ObjectStorage, ObjectUrls, DirectUploads, StoreMaintenance {
  /** Cheap reachability probe for /readyz. Throws `storeUnavailable`. */
  ping(): Promise<void>;
}
