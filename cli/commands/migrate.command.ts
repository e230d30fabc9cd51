import { parseCommandArgs, stringOption } from '../args.ts';
import { UsageError } from '../cli-error.ts';
import type { Command, CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const USAGE = `usage: synesthesie-media migrate [up|down] [--count N] [--move-from-public]

Applies the pending database migrations inside DATABASE_SCHEMA (default "media"), creating the schema when
it is missing, under a lock of the service's own: safe to run while other instances start. This is the
deploy step that MIGRATE_ON_START=false leaves to you. Runs with the service's environment (DATABASE_URL,
DATABASE_SCHEMA), not over HTTP.

  up                   apply every pending migration (the default)
  down                 revert the last migration (--count N: the last N); removes what they created
  --move-from-public   first move the tables of a release before DATABASE_SCHEMA (kept in "public") into
                       the schema, with their data and migration history
  -h, --help           this help`;

const OPTIONS = { count: { type: 'string' }, 'move-from-public': { type: 'boolean' } } as const;

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, true);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const direction = args.positionals[0] ?? 'up';
  if ((direction !== 'up' && direction !== 'down') || args.positionals.length > 1)
    throw new UsageError(`unknown migrate direction: ${args.positionals.join(' ')}`);
  const rawCount = stringOption(args, 'count');
  const count = rawCount === undefined ? undefined : Number(rawCount);
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) throw new UsageError('--count must be a positive whole number');
  // Loaded only now: the service (database driver, store, image codecs) is not needed for --help or a usage error.
  const { migrate } = await import('../../src/bootstrap/operations.ts');
  await migrate(ctx.env, { direction, count, moveFromPublic: args.values['move-from-public'] === true }, ctx.stdout);
  return EXIT.ok;
};

export const migrateCommand: Command = { name: 'migrate', usage: USAGE, run };
