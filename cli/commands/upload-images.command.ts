import { ApiError } from '../api-error.ts';
import { CONNECTION_OPTIONS, intOption, parseCommandArgs, stringOption } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { CONNECTION_HELP, connect, type Command, type CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { formatBytes } from '../format.ts';
import { expandPaths, type LocalFile } from '../local-files.ts';
import { streamedForm } from '../multipart-form.ts';
import { ProgressBoard } from '../progress.ts';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  title: { type: 'string' },
  description: { type: 'string' },
  public: { type: 'boolean' },
  'batch-size': { type: 'string' },
} as const;

const USAGE = `usage: synesthesie-media upload-images <file|dir>... [--public] [--title TEXT] [--description TEXT]

Uploads images (JPEG, PNG, WebP, AVIF, GIF; the service checks the bytes) in batches of at most 50 per
request. A directory stands for its files (not recursive, hidden files skipped). Files the service
refuses are listed with the reason; the exit code is then 1.

options:
  --public            visible to members (default: private)
  --title TEXT        title given to every image of this run
  --description TEXT  description given to every image of this run
  --batch-size N      files per request (1-50, default 50; lower it if the service's MAX_IMAGES_PER_REQUEST is lower)${CONNECTION_HELP}`;

interface Image {
  id: string;
  width: number;
  height: number;
  originalFilename?: string;
}

interface Failed {
  filename: string;
  code: string;
  detail?: string;
}

const batchesOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, true);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.positionals.length === 0) throw new UsageError('upload-images needs at least one file or directory');
  const batchSize = intOption(args, 'batch-size', 50, 1, 50);
  const files = await expandPaths(args.positionals);
  if (files.length === 0) throw new UsageError(`no files in ${args.positionals.join(', ')}`);
  const client = connect(args, ctx);
  const fields: Record<string, string> = {};
  const title = stringOption(args, 'title');
  const description = stringOption(args, 'description');
  if (title !== undefined) fields.title = title;
  if (description !== undefined) fields.description = description;
  if (args.values.public === true) fields.visibility = 'public';

  const board = new ProgressBoard(ctx.stderr);
  const overall = board.add(
    `total (${files.length} files)`,
    files.reduce((sum, f) => sum + f.size, 0),
    { pinned: true },
  );
  let uploaded = 0;
  const failed: Failed[] = [];
  try {
    const batches = batchesOf(files, batchSize);
    for (const [index, batch] of batches.entries()) {
      const bar = board.add(
        `batch ${index + 1}/${batches.length} (${batch.length} files)`,
        batch.reduce((sum, f) => sum + f.size, 0),
      );
      const result = await sendBatch(client, batch, fields, (bytes) => {
        bar.advance(bytes);
        overall.advance(bytes);
      });
      bar.finish();
      for (const image of result.items) {
        uploaded += 1;
        board.log(`done  ${image.originalFilename ?? '?'}  ${image.width}x${image.height}  image ${image.id}`, ctx.stdout);
      }
      for (const f of result.failed) {
        failed.push(f);
        board.log(`fail  ${f.filename}  ${f.code}${f.detail ? `: ${f.detail}` : ''}`, ctx.stdout);
      }
    }
  } finally {
    board.stop();
  }
  ctx.stdout.write(`${uploaded} uploaded, ${failed.length} failed, of ${files.length} file(s) (${formatBytes(files.reduce((s, f) => s + f.size, 0))})\n`);
  return failed.length > 0 ? EXIT.failure : EXIT.ok;
};

const sendBatch = async (
  client: ReturnType<typeof connect>,
  batch: LocalFile[],
  fields: Record<string, string>,
  onBytes: (bytes: number) => void,
): Promise<{ items: Image[]; failed: Failed[] }> => {
  let counted = 0;
  const count = (bytes: number) => {
    counted += bytes;
    onBytes(bytes);
  };
  try {
    return await client.request<{ items: Image[]; failed: Failed[] }>('POST', '/v1/admin/images', {
      body: () => {
        // Sent again after a 429: the progress of the refused attempt is taken back first.
        onBytes(-counted);
        counted = 0;
        const form = streamedForm(fields, batch, count);
        return { body: form.body as unknown as NonNullable<RequestInit['body']>, headers: { 'content-type': form.contentType } };
      },
    });
  } catch (error) {
    // Every file of the batch refused: 422 with the same `failed` list, a per-file outcome rather than an error.
    if (error instanceof ApiError && error.status === 422 && Array.isArray(error.problem.failed)) {
      return { items: [], failed: error.problem.failed as Failed[] };
    }
    throw error;
  }
};

export const uploadImagesCommand: Command = { name: 'upload-images', usage: USAGE, run };
