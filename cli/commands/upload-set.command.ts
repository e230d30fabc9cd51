import type { ApiClient } from '../api-client.ts';
import { ApiError } from '../api-error.ts';
import { CONNECTION_OPTIONS, intOption, parseCommandArgs, stringOption } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import { CONNECTION_HELP, connect, type Command, type CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { formatBytes, formatDuration, formatTable } from '../format.ts';
import { audioTypeOf, filesIn } from '../local-files.ts';
import { UploadStopped, type PartBudget, type Track } from '../multipart-upload.ts';
import { ProgressBoard } from '../progress.ts';
import { ResumeState, STATE_FILE_NAME } from '../resume-state.ts';
import { uploadTrackFile } from '../track-file-upload.ts';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  title: { type: 'string' },
  description: { type: 'string' },
  public: { type: 'boolean' },
  concurrency: { type: 'string' },
  'stop-after-parts': { type: 'string' },
} as const;

const USAGE = `usage: synesthesie-media upload-set <dir> --title TITLE [--public] [--description TEXT] [--concurrency N]

Creates a music set and uploads every audio file of <dir> (mp3, flac, wav, aiff, m4a, aac, ogg, opus) in
name order ("2 …" before "10 …") as its tracks, straight to the object store in parts, several at a time.
Progress is kept in <dir>/${STATE_FILE_NAME}: run the same command again after an interruption and it
continues the same set, sends only the parts the store does not have yet and skips finished files.

options:
  --title TITLE      the set's title (required unless resuming)
  --description TEXT the set's description
  --public           make the set visible to members (default: private)
  --concurrency N    parts in flight at once (1-16, default 4)${CONNECTION_HELP}`;

interface MusicSet {
  id: string;
  title: string;
  visibility: string;
  tracks: Track[];
}

const openSet = async (client: ApiClient, ctx: CommandContext, dir: string, args: ReturnType<typeof parseCommandArgs>): Promise<ResumeState> => {
  const saved = await ResumeState.load(dir);
  if (saved && saved.data.url === client.baseUrl) {
    try {
      const set = await client.get<MusicSet>(`/v1/admin/music-sets/${saved.data.setId}`);
      ctx.stdout.write(`resuming set ${set.id} "${set.title}"\n`);
      return saved;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      ctx.stderr.write(`the set in ${saved.path} no longer exists; creating a new one\n`);
    }
  }
  const title = stringOption(args, 'title');
  if (!title) throw new UsageError('--title is required to create the set');
  const description = stringOption(args, 'description');
  const set = await client.post<MusicSet>('/v1/admin/music-sets', {
    title,
    ...(description !== undefined ? { description } : {}),
    visibility: args.values.public === true ? 'public' : 'private',
  });
  ctx.stdout.write(`created set ${set.id} "${set.title}" (${set.visibility})\n`);
  const state = ResumeState.create(dir, client.baseUrl, set.id);
  await state.save();
  return state;
};

/** Tracks of this run in name order at positions 1..n, whatever order earlier runs left them in. */
const putInNameOrder = async (client: ApiClient, setId: string, trackIds: string[]): Promise<MusicSet> => {
  let set = await client.get<MusicSet>(`/v1/admin/music-sets/${setId}`);
  for (const [index, id] of trackIds.entries()) {
    const track = set.tracks.find((t) => t.id === id);
    if (track && track.position !== index + 1) {
      await client.patch(`/v1/admin/tracks/${id}`, { position: index + 1 });
      set = await client.get<MusicSet>(`/v1/admin/music-sets/${setId}`);
    }
  }
  return set;
};

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, true);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) throw new UsageError('upload-set takes exactly one directory');
  const dir = args.positionals[0]!;
  const concurrency = intOption(args, 'concurrency', 4, 1, 16);
  const stopAfter = stringOption(args, 'stop-after-parts');
  const budget: PartBudget | undefined = stopAfter === undefined ? undefined : { remaining: intOption(args, 'stop-after-parts', 0, 0, 1_000_000) };
  const files = (await filesIn(dir)).filter((f) => audioTypeOf(f.name) !== undefined);
  if (files.length === 0) throw new UsageError(`no audio files in ${dir}`);
  const client = connect(args, ctx);
  const state = await openSet(client, ctx, dir, args);

  const board = new ProgressBoard(ctx.stderr);
  const overall = board.add(
    `total (${files.length} files)`,
    files.reduce((sum, f) => sum + f.size, 0),
    { pinned: true },
  );
  const trackIds: string[] = [];
  let failures = 0;
  try {
    for (const file of files) {
      const saved = state.file(file.name);
      if (saved?.done && saved.trackId && saved.size === file.size && saved.mtimeMs === file.mtimeMs) {
        overall.skip(file.size);
        trackIds.push(saved.trackId);
        board.log(`skip  ${file.name}  (uploaded before)`, ctx.stdout);
        continue;
      }
      const bar = board.add(file.name, file.size);
      try {
        const result = await uploadTrackFile({ client, state, file, concurrency, bars: [bar, overall], ...(budget ? { budget } : {}), signal: ctx.signal });
        await state.update(file.name, { size: file.size, mtimeMs: file.mtimeMs, trackId: result.track.id, done: true });
        trackIds.push(result.track.id);
        const parts = result.resumed + result.sent;
        board.log(
          `done  ${file.name}  ${formatBytes(file.size)}  ${parts} part(s) (${result.resumed} resumed, ${result.sent} sent)  track ${result.track.id}`,
          ctx.stdout,
        );
      } catch (error) {
        if (!(error instanceof ApiError) || error.exitCode !== EXIT.failure) throw error;
        // The state is kept: a re-run finds out from the service whether the upload can go on or must start over.
        failures += 1;
        board.log(`fail  ${file.name}  ${error.message}`, ctx.stdout);
      } finally {
        bar.finish();
      }
    }
  } catch (error) {
    if (error instanceof UploadStopped && ctx.signal.aborted) {
      board.stop();
      ctx.stderr.write(`interrupted; progress kept in ${state.path}: run the same command again to resume\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    board.stop();
  }

  const set = await putInNameOrder(client, state.data.setId, trackIds);
  const rows = set.tracks.map((t) => [String(t.position), t.title, formatDuration(t.durationMs), formatBytes(t.byteSize), t.status ?? '', t.id]);
  ctx.stdout.write(`\nset ${set.id} "${set.title}" (${set.visibility}), ${set.tracks.length} track(s)\n`);
  ctx.stdout.write(`${formatTable(['#', 'title', 'length', 'size', 'status', 'id'], rows)}\n`);
  if (failures > 0) ctx.stderr.write(`${failures} of ${files.length} file(s) failed\n`);
  return failures > 0 ? EXIT.failure : EXIT.ok;
};

export const uploadSetCommand: Command = { name: 'upload-set', usage: USAGE, handlesInterrupt: true, run };
