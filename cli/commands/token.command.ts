import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { signDevToken } from '../../src/adapters/http/dev-token-issuer.ts';
import { parseCommandArgs, parseTtl, stringOption } from '../args.ts';
import { CliError, UsageError } from '../cli-error.ts';
import type { Command, CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { loadServiceConfig } from '../service-config.ts';

const OPTIONS = { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } } as const;

const USAGE = `usage: synesthesie-media token --role admin|member [--sub SUBJECT] [--ttl 12h]

Mints an HS256 token with the service's own secret and prints it (nothing else) on stdout:
AUTH_JWT_SECRET when set, else the development secret the service generated in DATA_DIR/dev-jwt.key.
AUTH_ROLE_CLAIM (with the first value of AUTH_ADMIN_ROLES / AUTH_MEMBER_ROLES), AUTH_ISSUER and
AUTH_AUDIENCE are honoured; the lifetime is capped at AUTH_MAX_TOKEN_LIFETIME_SECONDS. Run it with the service's environment.
With AUTH_JWKS_URL only, tokens come from your identity provider and this command refuses.

options:
  --role admin|member   the role claim (required)
  --sub SUBJECT         the subject, used for rate limits and audit (default: cli-<role>)
  --ttl DURATION        lifetime: seconds, or 30m, 12h, 7d (default 12h)
  -h, --help            this help`;

const devSecret = async (dataDir: string): Promise<string> => {
  const path = join(resolve(dataDir), 'dev-jwt.key');
  try {
    const secret = (await readFile(path, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  throw new CliError(`no AUTH_JWT_SECRET and no development secret at ${path}: set AUTH_JWT_SECRET, or start the service once with DATA_DIR=${dataDir}`);
};

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, false);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const role = stringOption(args, 'role');
  if (role !== 'admin' && role !== 'member') throw new UsageError('--role must be admin or member');
  const requestedTtl = parseTtl(stringOption(args, 'ttl') ?? '12h');
  const config = loadServiceConfig(ctx.env);
  // The service refuses tokens that live longer than this; minting one would only hand out a dud.
  const ttlSeconds = Math.min(requestedTtl, config.AUTH_MAX_TOKEN_LIFETIME_SECONDS);
  if (ttlSeconds < requestedTtl) {
    ctx.stderr.write(`note: --ttl capped at AUTH_MAX_TOKEN_LIFETIME_SECONDS (${config.AUTH_MAX_TOKEN_LIFETIME_SECONDS} s)\n`);
  }
  if (!config.AUTH_JWT_SECRET && config.AUTH_JWKS_URL) {
    throw new CliError('the service verifies tokens through AUTH_JWKS_URL: get a token from your identity provider');
  }
  const secret = config.AUTH_JWT_SECRET ?? (await devSecret(config.DATA_DIR));
  const token = await signDevToken(secret, {
    sub: stringOption(args, 'sub') ?? `cli-${role}`,
    role,
    ttlSeconds,
    roleClaim: config.AUTH_ROLE_CLAIM,
    roleValue: role === 'admin' ? config.AUTH_ADMIN_ROLES[0]! : config.AUTH_MEMBER_ROLES[0]!,
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
  });
  ctx.stdout.write(`${token}\n`);
  return EXIT.ok;
};

export const tokenCommand: Command = { name: 'token', usage: USAGE, run };
