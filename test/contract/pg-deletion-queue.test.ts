import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { QueuedDeletion } from '../../src/application/ports/deletion-queue.port.ts';
import { PgDeletionQueue } from '../../src/adapters/postgres/pg-deletion-queue.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TEST_TABLES } from '../support/test-schema.ts';

const at = (ms: number): Date => new Date(Date.UTC(2024, 0, 1) + ms);
const keysOf = (entries: QueuedDeletion[]): string[] => entries.map((e) => e.key).sort();

/** A promise with its resolve handle, to hold a drainer inside `work` while the test acts. */
const gate = (): { opened: Promise<void>; open: () => void } => {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

describe('PgDeletionQueue on postgres', () => {
  let db: TestDatabase;
  let queue: PgDeletionQueue;
  beforeAll(async () => {
    db = await createTestDatabase({ poolMax: 6 });
    queue = new PgDeletionQueue(db.pool, TEST_TABLES);
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE media.object_deletions');
  });

  const lastErrors = async (): Promise<Record<string, { attempts: number; last_error: string | null }>> => {
    const { rows } = await db.pool.query('SELECT key, attempts, last_error FROM media.object_deletions');
    return Object.fromEntries(rows.map((r) => [r.key, { attempts: r.attempts, last_error: r.last_error }]));
  };

  test('enqueue adds entries and size counts them; an empty enqueue is a no-op', async () => {
    await queue.enqueue([], at(0));
    expect(await queue.size()).toBe(0);
    await queue.enqueue(['a', 'b', 'c'], at(0));
    expect(await queue.size()).toBe(3);
  });

  test('drain hands locked entries to work, removes the done ones and counts failures on the others', async () => {
    await queue.enqueue(['done-1', 'done-2'], at(0));
    await queue.enqueue(['failed-1', 'untouched-1'], at(1));
    let seen: QueuedDeletion[] = [];
    const removed = await queue.drain(10, async (entries) => {
      seen = entries;
      return { done: ['done-1', 'done-2'], failed: ['failed-1'] };
    });
    expect(removed).toBe(2);
    expect(keysOf(seen)).toEqual(['done-1', 'done-2', 'failed-1', 'untouched-1']);
    expect(seen.find((e) => e.key === 'done-1')).toMatchObject({ attempts: 0, enqueuedAt: at(0) });
    expect(typeof seen[0]!.id).toBe('string');
    expect(await lastErrors()).toEqual({
      'failed-1': { attempts: 1, last_error: expect.any(String) },
      'untouched-1': { attempts: 0, last_error: null },
    });
  });

  test('drain takes at most `limit`, least-tried and oldest first', async () => {
    await queue.enqueue(['old'], at(0));
    await queue.enqueue(['new'], at(10));
    await queue.drain(10, async () => ({ done: [], failed: ['old'] }));
    let seen: string[] = [];
    await queue.drain(1, async (entries) => {
      seen = keysOf(entries);
      return { done: [], failed: [] };
    });
    expect(seen).toEqual(['new']);
  });

  test('a throwing work counts an attempt on every entry, keeps them, and rethrows', async () => {
    await queue.enqueue(['x', 'y'], at(0));
    const boom = new Error('store down');
    await expect(queue.drain(10, async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(await lastErrors()).toEqual({
      x: { attempts: 1, last_error: 'store down' },
      y: { attempts: 1, last_error: 'store down' },
    });
  });

  test('drain of an empty queue does not call work', async () => {
    let called = false;
    expect(
      await queue.drain(10, async () => {
        called = true;
        return { done: [], failed: [] };
      }),
    ).toBe(0);
    expect(called).toBe(false);
  });

  test('two concurrent drainers never get the same entry', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k-${String(i).padStart(2, '0')}`);
    await queue.enqueue(keys, at(0));
    const first = gate();
    const held = gate();
    let a: string[] = [];
    let b: string[] = [];
    const drainA = queue.drain(12, async (entries) => {
      a = keysOf(entries);
      held.open();
      await first.opened;
      return { done: a, failed: [] };
    });
    await held.opened;
    const removedB = await queue.drain(50, async (entries) => {
      b = keysOf(entries);
      return { done: b, failed: [] };
    });
    first.open();
    const removedA = await drainA;
    expect(a).toHaveLength(12);
    expect(b).toHaveLength(8);
    expect(a.filter((k) => b.includes(k))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(keys);
    expect(removedA + removedB).toBe(20);
    expect(await queue.size()).toBe(0);
  });

  test('remove deletes the given keys and skips, without waiting, entries a drainer holds', async () => {
    await queue.enqueue(['held', 'free-1', 'free-2', 'other'], at(0));
    const release = gate();
    const holding = gate();
    const drain = queue.drain(10, async (entries) => {
      if (!entries.some((e) => e.key === 'held')) throw new Error('expected to hold "held"');
      holding.open();
      await release.opened;
      return { done: [], failed: [] };
    });
    await holding.opened;
    // The drainer holds every entry: remove must come back at once, leaving them to it.
    await queue.remove(['held']);
    release.open();
    await drain;
    expect(await queue.size()).toBe(4);
    await queue.remove(['held', 'free-1', 'free-2']);
    expect(Object.keys(await lastErrors())).toEqual(['other']);
    await queue.remove([]);
  });
});
