import { MemoryDeletionQueue } from '../../src/adapters/memory/memory-deletion-queue.ts';
import { MemoryImageRepository } from '../../src/adapters/memory/memory-image-repository.ts';
import { imageRepositoryContract } from './image-repository.contract.ts';

/** The in-memory twin the use-case tests run on, held to the same contract as PostgreSQL. */
imageRepositoryContract('memory', async () => {
  let deletions = new MemoryDeletionQueue();
  let images = new MemoryImageRepository(deletions);
  const fixture = {
    get images() {
      return images;
    },
    get deletions() {
      return deletions;
    },
    reset: async () => {
      deletions = new MemoryDeletionQueue();
      images = new MemoryImageRepository(deletions);
    },
    close: async () => undefined,
  };
  return fixture;
});
