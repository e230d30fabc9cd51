import { ApiClient } from './api-client.ts';
import { stringOption, type ParsedArgs } from './args.ts';
import { UsageError } from './cli-error.ts';
import type { ProgressStream } from './progress.ts';

export interface Output extends ProgressStream {
  write(text: string): unknown;
}

export interface CommandContext {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  /** Aborted on Ctrl-C: long commands stop cleanly and keep what they can resume. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  usage: string;
  /** Set when the command stops cleanly on Ctrl-C through `signal`; others are simply ended. */
  handlesInterrupt?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** --url/--token, else SYNESTHESIE_URL/SYNESTHESIE_TOKEN. */
export const connect = (args: ParsedArgs, ctx: CommandContext): ApiClient => {
  const baseUrl = stringOption(args, 'url') ?? ctx.env.SYNESTHESIE_URL ?? DEFAULT_URL;
  const token = stringOption(args, 'token') ?? ctx.env.SYNESTHESIE_TOKEN;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) throw new UsageError(`--url must be an http(s) URL (got "${baseUrl}")`);
  if (!token) throw new UsageError('no token: pass --token or set SYNESTHESIE_TOKEN (mint one with `synesthesie-media token --role admin`)');
  return new ApiClient({ baseUrl, token, onNotice: (message) => ctx.stderr.write(`${message}\n`) });
};

export const CONNECTION_HELP = `
connection:
  --url URL        the service (default $SYNESTHESIE_URL, else ${DEFAULT_URL})
  --token JWT      an admin token (default $SYNESTHESIE_TOKEN)
  -h, --help       this help`;
