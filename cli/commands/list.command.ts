import type { ApiClient } from '../api-client.ts';
import { CONNECTION_OPTIONS, parseCommandArgs } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { CONNECTION_HELP, connect, type Command, type CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { formatBytes, formatDuration, formatTable } from '../format.ts';

const OPTIONS = { ...CONNECTION_OPTIONS, images: { type: 'boolean' }, sets: { type: 'boolean' }, json: { type: 'boolean' } } as const;

const USAGE = `usage: synesthesie-media list [--images | --sets] [--json]

Lists every image and every music set (with its tracks, in any status), newest first.

options:
  --images   only images
  --sets     only music sets
  --json     machine-readable output: { "images": [...], "sets": [...] }${CONNECTION_HELP}`;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Image {
  id: string;
  title: string | null;
  visibility: string;
  status?: string;
  width: number;
  height: number;
  byteSize?: number;
  originalFilename?: string;
  createdAt: string;
}

interface MusicSet {
  id: string;
  title: string;
  visibility: string;
  trackCount: number;
  totalDurationMs: number;
  createdAt: string;
  tracks: Array<{ position: number; title: string; status?: string; durationMs: number | null; byteSize: number }>;
}

const all = async <T>(client: ApiClient, path: string): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = await client.get<Page<T>>(`${path}${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, false);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.values.images && args.values.sets) throw new UsageError('--images and --sets exclude each other');
  const client = connect(args, ctx);
  const images = args.values.sets ? [] : await all<Image>(client, '/v1/admin/images');
  const sets = args.values.images ? [] : await all<MusicSet>(client, '/v1/admin/music-sets');
  if (args.values.json) {
    ctx.stdout.write(`${JSON.stringify({ images, sets }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (!args.values.sets) {
    ctx.stdout.write(`images (${images.length})\n`);
    const rows = images.map((i) => [
      i.id,
      i.visibility,
      i.status ?? '',
      `${i.width}x${i.height}`,
      i.byteSize === undefined ? '' : formatBytes(i.byteSize),
      i.title ?? i.originalFilename ?? '',
    ]);
    if (rows.length > 0) ctx.stdout.write(`${formatTable(['id', 'visibility', 'status', 'size', 'bytes', 'title'], rows)}\n`);
  }
  if (!args.values.images) {
    if (!args.values.sets) ctx.stdout.write('\n');
    ctx.stdout.write(`music sets (${sets.length})\n`);
    const rows = sets.map((s) => {
      const pending = s.tracks.filter((t) => t.status && t.status !== 'ready').length;
      return [s.id, s.visibility, `${s.tracks.length}${pending > 0 ? ` (${pending} not ready)` : ''}`, formatDuration(s.totalDurationMs), s.title];
    });
    if (rows.length > 0) ctx.stdout.write(`${formatTable(['id', 'visibility', 'tracks', 'length', 'title'], rows)}\n`);
  }
  return EXIT.ok;
};

export const listCommand: Command = { name: 'list', usage: USAGE, run };
