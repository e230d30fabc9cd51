import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { MultipartBounds, MultipartUploadInfo, UploadedPart } from '../../application/ports/object-types.ts';
import { isStoreError, partUploadInProgress, uploadNotFound } from '../../domain/errors/storage.errors.ts';
import { multipartRules, type StoredPart } from '../shared/multipart-rules.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';
import type { FsKeyPaths } from './fs-key-path.ts';
import type { FsObjectFiles } from './fs-object-files.ts';

interface UploadMeta {
  key: string;
  contentType: string;
  initiated: string;
}

const INCOMING_STALE_MS = 120_000;
const PART_FILE = /^part-(\d{5})-([0-9a-f]{32})$/;
const partFile = (partNumber: number, md5: string) => `part-${String(partNumber).padStart(5, '0')}-${md5}`;

/**
 * Multipart uploads of the fs store: one hidden directory per upload, the upload's metadata in
 * `upload.json`, each part a file named by its number and MD5 (so number, ETag and bytes are one
 * atomic rename). Completion streams the parts in order into a temp file and renames it into place.
 */
export class FsMultipart {
  constructor(
    private readonly paths: FsKeyPaths,
    private readonly files: FsObjectFiles,
    private readonly clock: () => Date,
  ) {}

  async start(key: string, contentType: string): Promise<string> {
    objectKeyRules.assertKey(key);
    const uploadId = multipartRules.newUploadId();
    const dir = this.paths.upload(uploadId);
    await mkdir(dir, { recursive: true });
    const meta: UploadMeta = { key, contentType, initiated: this.clock().toISOString() };
    await writeFile(join(dir, '.upload.json.tmp'), JSON.stringify(meta));
    await rename(join(dir, '.upload.json.tmp'), join(dir, 'upload.json'));
    return uploadId;
  }

  async putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes: number): Promise<{ etag: string; size: number }> {
    multipartRules.assertPartNumber(partNumber);
    const dir = (await this.open(key, uploadId)).dir;
    const temp = await this.writeIncoming(dir, uploadId, partNumber, body, Math.min(maxBytes, multipartRules.maxPartBytes));
    const name = partFile(partNumber, temp.md5);
    try {
      await rename(temp.path, join(dir, name));
    } catch (error) {
      await this.files.discard(temp);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw uploadNotFound(uploadId);
      throw error;
    }
    const mine = (await stat(join(dir, name))).mtimeMs;
    // An earlier upload of the same part number with other bytes is superseded; a concurrent newer one wins.
    for (const part of await this.scan(dir)) {
      if (part.partNumber === partNumber && part.name !== name && part.mtimeMs <= mine) {
        await rm(join(dir, part.name), { force: true });
      }
    }
    return { etag: `"${temp.md5}"`, size: temp.size };
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const { dir } = await this.open(key, uploadId);
    return this.latestParts(dir);
  }

  async complete(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>, bounds?: MultipartBounds): Promise<{ etag: string }> {
    const { dir, meta } = await this.open(key, uploadId);
    const chosen = multipartRules.checkCompletion(parts, await this.latestParts(dir));
    multipartRules.checkBounds(chosen, bounds);
    const files = chosen.map((part) => join(dir, partFile(part.partNumber, part.etag.replace(/"/g, ''))));
    async function* concatenated() {
      for (const file of files) yield* createReadStream(file);
    }
    const temp = await this.files.writeTemp(concatenated());
    const etag = multipartRules.combinedEtag(chosen);
    await this.files.commit(temp, key, { contentType: meta.contentType, etag });
    await rm(dir, { recursive: true, force: true });
    return { etag };
  }

  async abort(key: string, uploadId: string): Promise<void> {
    try {
      await rm((await this.open(key, uploadId)).dir, { recursive: true, force: true });
    } catch (error) {
      if (!isStoreError(error, 'uploadNotFound')) throw error;
    }
  }

  async list(olderThan: Date): Promise<MultipartUploadInfo[]> {
    let ids: string[];
    try {
      ids = await readdir(this.paths.multipartDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const uploads = await Promise.all(ids.filter(multipartRules.isUploadId).map((id) => this.readMeta(id)));
    return uploads
      .filter((u): u is { uploadId: string; meta: UploadMeta } => u !== null && new Date(u.meta.initiated) < olderThan)
      .map(({ uploadId, meta }) => ({ key: meta.key, uploadId, initiated: new Date(meta.initiated) }));
  }

  /**
   * One PUT of a part at a time: the bytes stream into `incoming-NNNNN`, created exclusively, so concurrent PUTs
   * of one part cannot each fill a file of their own. A crashed writer's file stops being touched and is taken over
   * once it is older than INCOMING_STALE_MS (longer than the objects route lets a part PUT sit idle).
   */
  private async writeIncoming(dir: string, uploadId: string, partNumber: number, body: Readable, maxBytes: number) {
    const path = join(dir, `incoming-${String(partNumber).padStart(5, '0')}`);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await (await open(path, 'wx')).close();
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw uploadNotFound(uploadId);
        if (code !== 'EEXIST') throw error;
        const info = await stat(path).catch(() => null);
        // File times are wall-clock times, whatever clock the store was given.
        if (attempt > 0 || (info && Date.now() - info.mtimeMs < INCOMING_STALE_MS)) throw partUploadInProgress(partNumber);
        await rm(path, { force: true });
      }
    }
    return this.files.writeTemp(body, maxBytes, path);
  }

  private async open(key: string, uploadId: string): Promise<{ dir: string; meta: UploadMeta }> {
    objectKeyRules.assertKey(key);
    const found = multipartRules.isUploadId(uploadId) ? await this.readMeta(uploadId) : null;
    if (!found || found.meta.key !== key) throw uploadNotFound(uploadId);
    return { dir: this.paths.upload(uploadId), meta: found.meta };
  }

  private async readMeta(uploadId: string): Promise<{ uploadId: string; meta: UploadMeta } | null> {
    try {
      const meta = JSON.parse(await readFile(join(this.paths.upload(uploadId), 'upload.json'), 'utf8')) as UploadMeta;
      return { uploadId, meta };
    } catch {
      return null;
    }
  }

  private async scan(dir: string): Promise<Array<StoredPart & { name: string; mtimeMs: number }>> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const found = await Promise.all(
      names.map(async (name) => {
        const match = PART_FILE.exec(name);
        if (!match) return null;
        const info = await stat(join(dir, name)).catch(() => null);
        if (!info) return null;
        return { name, partNumber: Number(match[1]), etag: `"${match[2]}"`, size: info.size, mtimeMs: info.mtimeMs };
      }),
    );
    return found.filter((part) => part !== null);
  }

  private async latestParts(dir: string): Promise<UploadedPart[]> {
    const latest = new Map<number, StoredPart & { mtimeMs: number }>();
    for (const part of await this.scan(dir)) {
      const known = latest.get(part.partNumber);
      if (!known || part.mtimeMs > known.mtimeMs) latest.set(part.partNumber, part);
    }
    return [...latest.values()].sort((a, b) => a.partNumber - b.partNumber).map(({ partNumber, etag, size }) => ({ partNumber, etag, size }));
  }
}
