import { MemoryDeletionQueue } from '../../src/adapters/memory/memory-deletion-queue.ts';
import { MemoryMusicRepository } from '../../src/adapters/memory/memory-music-repository.ts';
import { musicRepositoryContract, type MusicRepositoryFixture } from './music-repository.contract.ts';

/** The in-memory twin the use-case tests run on, held to the same contract as PostgreSQL. */
musicRepositoryContract('memory', async () => {
  let deletions = new MemoryDeletionQueue();
  let music = new MemoryMusicRepository(deletions);
  const fixture: MusicRepositoryFixture = {
    get music() {
      return music;
    },
    get deletions() {
      return deletions;
    },
    countStatements: async (fn) => {
      const before = music.statements;
      const result = await fn();
      return { result, statements: music.statements - before };
    },
    setTrackStatus: async (id, status) => music.setTrackStatus(id, status),
    reset: async () => {
      deletions = new MemoryDeletionQueue();
      music = new MemoryMusicRepository(deletions);
    },
    close: async () => undefined,
  };
  return fixture;
});
