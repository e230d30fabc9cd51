import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectInfo } from '../../application/ports/object-types.ts';
import { invalidObjectKey, objectNotFound, partBodyTooLarge } from '../../domain/errors/storage.errors.ts';
import type { FsKeyPaths } from './fs-key-path.ts';

export interface TempFile {
  path: string;
  size: number;
  md5: string;
}

interface Sidecar {
  contentType: string;
  etag: string;
  byteSize: number;
  ino: number;
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The fs store's object files: bytes land in a temp file under the root, are fsynced, then renamed
 * into place, so a reader sees the old object or the new one, never a part. A sidecar beside the
 * file keeps content type and ETag; it records the file's inode so a reader can tell a pair that
 * belongs together from one caught between the two renames of a concurrent overwrite.
 */
export class FsObjectFiles {
  private swept = false;

  constructor(private readonly paths: FsKeyPaths) {}

  /**
   * Streams `source` into a new file (under the temp dir, or at `at`, a file the caller created as its lock),
   * cutting it off with `PAYLOAD_TOO_LARGE` as soon as it crosses `maxBytes`; nothing is left behind then.
   */
  async writeTemp(source: Readable | Uint8Array | AsyncIterable<Uint8Array>, maxBytes = Number.POSITIVE_INFINITY, at?: string): Promise<TempFile> {
    await mkdir(this.paths.tmpDir, { recursive: true });
    if (!this.swept) {
      this.swept = true;
      void this.purgeTemps(new Date(Date.now() - 24 * 3600 * 1000)).catch(() => undefined);
    }
    const path = at ?? join(this.paths.tmpDir, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(partBodyTooLarge(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const input = source instanceof Uint8Array ? Readable.from(source.length > 0 ? [source] : []) : source;
    try {
      await pipeline(input, meter, createWriteStream(path, { flags: at ? 'w' : 'wx', mode: 0o644 }));
      const handle = await open(path, 'r+');
      await handle.sync().finally(() => handle.close());
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, size, md5: hash.digest('hex') };
  }

  async discard(temp: TempFile): Promise<void> {
    await rm(temp.path, { force: true });
  }

  /** Moves a finished temp file into place under `key`; returns when it became visible. */
  async commit(temp: TempFile, key: string, meta: { contentType: string; etag: string }): Promise<Date> {
    const target = this.paths.object(key);
    const sidecarPath = this.paths.sidecar(key);
    const handle = await open(temp.path, 'r');
    const fileStat = await handle.stat().finally(() => handle.close());
    const sidecar: Sidecar = { ...meta, byteSize: temp.size, ino: fileStat.ino };
    const sidecarTemp = `${temp.path}.meta.json`;
    await writeFile(sidecarTemp, JSON.stringify(sidecar));
    try {
      // Sidecar first: a reader that opens the new file then finds its sidecar; one that opened the old file sees an inode mismatch and retries.
      await this.moveInto(sidecarTemp, sidecarPath);
      await this.moveInto(temp.path, target);
    } catch (error) {
      await Promise.all([rm(sidecarTemp, { force: true }), rm(temp.path, { force: true })]);
      throw error;
    }
    return fileStat.mtime;
  }

  /** Opens the object's file; the caller owns the handle. */
  async open(key: string): Promise<{ handle: FileHandle; info: ObjectInfo }> {
    const path = this.paths.object(key);
    for (let attempt = 0; ; attempt += 1) {
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (MISSING.has(codeOf(error) ?? '')) throw objectNotFound(key);
        throw error;
      }
      try {
        const fileStat = await handle.stat();
        if (!fileStat.isFile()) throw objectNotFound(key);
        const sidecar = await this.readSidecar(key);
        const consistent = sidecar && sidecar.ino === fileStat.ino && sidecar.byteSize === fileStat.size;
        if (consistent || attempt >= 4) {
          const info: ObjectInfo = {
            key,
            byteSize: fileStat.size,
            contentType: consistent ? sidecar.contentType : 'application/octet-stream',
            etag: consistent ? sidecar.etag : `"${createHash('md5').update(`${fileStat.ino}:${fileStat.size}:${fileStat.mtimeMs}`).digest('hex')}"`,
            lastModified: fileStat.mtime,
          };
          return { handle, info };
        }
      } catch (error) {
        await handle.close();
        throw error;
      }
      await handle.close();
      await sleep(2 * (attempt + 1));
    }
  }

  async stat(key: string): Promise<ObjectInfo> {
    const { handle, info } = await this.open(key);
    await handle.close();
    return info;
  }

  async remove(key: string): Promise<void> {
    const target = this.paths.object(key);
    for (const path of [target, this.paths.sidecar(key)]) {
      try {
        await unlink(path);
      } catch (error) {
        if (!MISSING.has(codeOf(error) ?? '') && codeOf(error) !== 'EISDIR' && codeOf(error) !== 'EPERM') throw error;
      }
    }
    await this.pruneEmptyDirs(dirname(target));
  }

  /**
   * Temp files a crashed process left behind. A write in flight touches its file with every chunk, so
   * one untouched since the cutoff is abandoned. Returns how many were removed.
   */
  async purgeTemps(olderThan: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.paths.tmpDir);
    } catch (error) {
      if (MISSING.has(codeOf(error) ?? '')) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.paths.tmpDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < olderThan.getTime()) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private async readSidecar(key: string): Promise<Sidecar | null> {
    try {
      return JSON.parse(await readFile(this.paths.sidecar(key), 'utf8')) as Sidecar;
    } catch {
      return null;
    }
  }

  private async moveInto(from: string, to: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await mkdir(dirname(to), { recursive: true });
        await rename(from, to);
        return;
      } catch (error) {
        const code = codeOf(error);
        // A concurrent delete may prune the directory between mkdir and rename.
        if (code === 'ENOENT' && attempt < 3) continue;
        // A key whose parent is an object, or that names a directory of other keys: a file tree cannot hold both.
        if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTEMPTY') throw invalidObjectKey();
        throw error;
      }
    }
  }

  private async pruneEmptyDirs(from: string): Promise<void> {
    for (let dir = from; dir.startsWith(this.paths.root) && dir !== this.paths.root; dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  }
}
