import { basename, dirname, join, resolve, sep } from 'node:path';
import { invalidObjectKey } from '../../domain/errors/storage.errors.ts';
import { objectKeyRules } from '../shared/object-key-rules.ts';

/**
 * Where the fs store keeps what. Object keys map to files under the root; everything of the
 * store's own lives under dot-names, which keys can never take (object-key-rules).
 */
export class FsKeyPaths {
  readonly root: string;
  readonly tmpDir: string;
  readonly multipartDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tmpDir = join(this.root, '.tmp');
    this.multipartDir = join(this.root, '.multipart');
  }

  object(key: string): string {
    objectKeyRules.assertKey(key);
    const path = join(this.root, ...key.split('/'));
    // The rules already confine keys; this re-checks the resolved path so a rule change cannot escape the root.
    if (!path.startsWith(this.root + sep)) throw invalidObjectKey();
    return path;
  }

  /** Content type, ETag and identity of an object's file, beside it under a dot-name. */
  sidecar(key: string): string {
    const path = this.object(key);
    return join(dirname(path), `.${basename(path)}.meta.json`);
  }

  upload(uploadId: string): string {
    return join(this.multipartDir, uploadId);
  }
}
