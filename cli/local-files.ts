import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { CliError, UsageError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

export interface LocalFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Natural name order: "2 Intro" before "10 Outro", case-insensitive, as a file manager shows them. */
export const byName = (a: LocalFile, b: LocalFile): number => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

const statOrFail = async (path: string) => {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`no such file or directory: ${path}`, EXIT.notFound);
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
};

/** Regular, non-hidden files of a directory (not recursive), in name order. */
export const filesIn = async (dir: string): Promise<LocalFile[]> => {
  const info = await statOrFail(dir);
  if (!info.isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  const entries = await readdir(dir, { withFileTypes: true });
  const files: LocalFile[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const s = await stat(path);
    if (s.isFile()) files.push({ name: entry.name, path, size: s.size, mtimeMs: s.mtimeMs });
  }
  return files.sort(byName);
};

/** Files and directories given on the command line, each directory expanded to its files in name order. */
export const expandPaths = async (paths: string[]): Promise<LocalFile[]> => {
  const out: LocalFile[] = [];
  for (const path of paths) {
    const info = await statOrFail(path);
    if (info.isDirectory()) out.push(...(await filesIn(path)));
    else if (info.isFile()) out.push({ name: basename(path), path, size: info.size, mtimeMs: info.mtimeMs });
    else throw new UsageError(`not a file or directory: ${path}`);
  }
  return out;
};

const AUDIO_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.wav': 'audio/wav',
  '.wave': 'audio/wav',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
  '.aifc': 'audio/aiff',
  '.m4a': 'audio/mp4',
  '.m4b': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
};

/** The audio type a file's extension declares; the service decides by the bytes on completion. */
export const audioTypeOf = (name: string): string | undefined => AUDIO_TYPES[extname(name).toLowerCase()];
