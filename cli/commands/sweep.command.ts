import { parseCommandArgs } from '../args.ts';
import type { Command, CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const USAGE = `usage: synesthesie-media sweep

One sweep of the service's store and database, as the service does every SWEEP_INTERVAL_SECONDS:
drains the deletion queue, aborts uploads idle for longer than ORPHAN_GRACE_SECONDS and removes objects no
row references. Prints a JSON report. Runs with the service's environment (DATABASE_URL, DATA_DIR,
STORAGE_DRIVER, S3_*), not over HTTP; with the embedded database (no DATABASE_URL), stop the service first.

options:
  -h, --help   this help`;

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, {}, false);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  // Loaded only now: --help and a usage error need none of the service.
  const { sweep } = await import('../../src/bootstrap/operations.ts');
  await sweep(ctx.env, ctx.stdout);
  return EXIT.ok;
};

export const sweepCommand: Command = { name: 'sweep', usage: USAGE, run };
