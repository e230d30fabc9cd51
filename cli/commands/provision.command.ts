import { parseCommandArgs } from '../args.ts';
import type { Command, CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const USAGE = `usage: synesthesie-media provision

Configures the S3 bucket named by S3_BUCKET (idempotent): Block Public Access on all four settings,
object ownership enforced (ACLs off), default encryption, CORS for CORS_ORIGINS exposing ETag, and a
lifecycle rule that aborts incomplete multipart uploads after one day. Prints one line per step.
Uses the service's environment (S3_BUCKET, S3_REGION, S3_ENDPOINT, AWS credentials), not HTTP.

options:
  -h, --help   this help`;

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, {}, false);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  // Loaded only now: --help and a usage error need none of the service.
  const { provision } = await import('../../src/bootstrap/operations.ts');
  await provision(ctx.env, ctx.stdout);
  return EXIT.ok;
};

export const provisionCommand: Command = { name: 'provision', usage: USAGE, run };
