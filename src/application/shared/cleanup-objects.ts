import type { DeletionQueue } from '../ports/deletion-queue.port.ts';
import type { Logger } from '../ports/logger.port.ts';
import type { ObjectStorage } from '../ports/object-storage.port.ts';

/**
 * After a transaction queued `keys` for deletion: delete the objects now and drop the queue entries.
 * Whatever fails stays queued and the sweeper retries it, so this never throws.
 */
export const deleteQueuedObjects = async (store: Pick<ObjectStorage, 'delete'>, queue: DeletionQueue, keys: string[], log: Logger): Promise<boolean> => {
  if (keys.length === 0) return true;
  try {
    await store.delete(keys);
    await queue.remove(keys);
    return true;
  } catch (error) {
    log.warn({ keys: keys.length, err: errorName(error) }, 'object deletion deferred to the sweeper');
    return false;
  }
};

const errorName = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
