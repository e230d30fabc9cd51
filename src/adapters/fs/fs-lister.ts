import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListedObject, ListPage } from '../../application/ports/object-types.ts';
import { keyCursor } from '../shared/key-cursor.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import type { FsKeyPaths } from './fs-key-path.ts';

interface Entry {
  name: string;
  isDir: boolean;
  /** A directory sorts as `name/`, so keys come out in the byte order S3 lists them in. */
  order: string;
}

const entriesOf = async (dir: string): Promise<Entry[]> => {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  return dirents
    .filter((d) => !d.name.startsWith('.') && (d.isFile() || d.isDirectory()))
    .map((d) => ({ name: d.name, isDir: d.isDirectory(), order: d.isDirectory() ? `${d.name}/` : d.name }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
};

/**
 * Lists keys under a prefix in key order, walking only the directories that can hold keys after
 * the cursor. Dot-names (sidecars, temp files, multipart parts) are never keys, so never listed.
 */
export class FsLister {
  constructor(private readonly paths: FsKeyPaths) {}

  async list(prefix: string, cursor: string | null | undefined, limit: number): Promise<ListPage> {
    objectKeyRules.assertPrefix(prefix);
    const after = keyCursor.decode(cursor);
    const size = Math.max(1, Math.min(limit, 1000));
    const slash = prefix.lastIndexOf('/');
    const dirKey = prefix.slice(0, slash + 1);
    const namePrefix = prefix.slice(slash + 1);
    const items: ListedObject[] = [];
    const startDir = dirKey === '' ? this.paths.root : join(this.paths.root, ...dirKey.slice(0, -1).split('/'));
    for await (const item of this.walk(startDir, dirKey, after, namePrefix)) {
      items.push(item);
      if (items.length > size) break;
    }
    const page = items.slice(0, size);
    return { items: page, nextCursor: items.length > size ? keyCursor.encode(page[page.length - 1]!.key) : null };
  }

  private async *walk(dir: string, keyPrefix: string, after: string | null, namePrefix = ''): AsyncGenerator<ListedObject> {
    for (const entry of await entriesOf(dir)) {
      if (!entry.name.startsWith(namePrefix)) continue;
      const key = keyPrefix + entry.name;
      const path = join(dir, entry.name);
      if (entry.isDir) {
        const subtree = `${key}/`;
        // Every key below sorts after `subtree` and before any string that diverges upward from it.
        if (after !== null && after > subtree && !after.startsWith(subtree)) continue;
        yield* this.walk(path, subtree, after);
        continue;
      }
      if (after !== null && key <= after) continue;
      try {
        const stat = await lstat(path);
        yield { key, byteSize: stat.size, lastModified: stat.mtime };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
}
