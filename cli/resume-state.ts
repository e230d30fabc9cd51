import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE_NAME = '.synesthesie-upload.json';

export interface FileState {
  size: number;
  mtimeMs: number;
  uploadId?: string;
  trackId?: string;
  partSize?: number;
  partCount?: number;
  /** Set once the service answered the completion: the track is ready. */
  done?: boolean;
}

export interface UploadState {
  version: 1;
  url: string;
  setId: string;
  files: Record<string, FileState>;
}

/**
 * What an `upload-set` run has done so far, kept in the uploaded folder so that a re-run (after Ctrl-C,
 * a dropped connection or a crash) continues instead of starting again. Written atomically (temp + rename)
 * after every step, so a kill at any moment leaves either the old or the new state.
 */
export class ResumeState {
  readonly path: string;
  readonly data: UploadState;

  private constructor(path: string, data: UploadState) {
    this.path = path;
    this.data = data;
  }

  static async load(dir: string): Promise<ResumeState | null> {
    const path = join(dir, STATE_FILE_NAME);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const data = JSON.parse(text) as Partial<UploadState>;
    if (data.version !== 1 || typeof data.setId !== 'string' || typeof data.url !== 'string' || typeof data.files !== 'object' || data.files === null) {
      return null;
    }
    return new ResumeState(path, data as UploadState);
  }

  static create(dir: string, url: string, setId: string): ResumeState {
    return new ResumeState(join(dir, STATE_FILE_NAME), { version: 1, url, setId, files: {} });
  }

  file(name: string): FileState | undefined {
    return this.data.files[name];
  }

  async update(name: string, file: FileState): Promise<void> {
    this.data.files[name] = file;
    await this.save();
  }

  async forget(name: string): Promise<void> {
    delete this.data.files[name];
    await this.save();
  }

  async save(): Promise<void> {
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    await rename(temp, this.path);
  }
}
