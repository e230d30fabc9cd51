import { CliError, UsageError } from './cli-error.ts';
import type { Command, Output } from './command.ts';
import { EXIT } from './exit-codes.ts';

interface Entry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Loaded on demand: `token` pulls in the service's config schema and jose, which the others do not need. */
const COMMANDS: Entry[] = [
  {
    name: 'upload-images',
    summary: 'upload images (files or directories), 50 per request',
    load: async () => (await import('./commands/upload-images.command.ts')).uploadImagesCommand,
  },
  {
    name: 'upload-set',
    summary: 'create a music set from a folder of audio files (resumable)',
    load: async () => (await import('./commands/upload-set.command.ts')).uploadSetCommand,
  },
  { name: 'list', summary: 'list images and music sets', load: async () => (await import('./commands/list.command.ts')).listCommand },
  {
    name: 'token',
    summary: 'mint an admin or member token with the configured secret',
    load: async () => (await import('./commands/token.command.ts')).tokenCommand,
  },
  {
    name: 'smoke',
    summary: 'check a deployed service end to end (creates and deletes its own data)',
    load: async () => (await import('./commands/smoke.command.ts')).smokeCommand,
  },
  {
    name: 'migrate',
    summary: 'apply (or revert) the database migrations in DATABASE_SCHEMA',
    load: async () => (await import('./commands/migrate.command.ts')).migrateCommand,
  },
  {
    name: 'sweep',
    summary: 'remove orphaned objects, stale uploads and queued deletions',
    load: async () => (await import('./commands/sweep.command.ts')).sweepCommand,
  },
  {
    name: 'provision',
    summary: 'make the S3 bucket private, encrypted, with CORS and lifecycle',
    load: async () => (await import('./commands/provision.command.ts')).provisionCommand,
  },
];

const USAGE = `usage: synesthesie-media <command> [options]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`).join('\n')}

Run \`synesthesie-media <command> --help\` for a command's options. HTTP commands take --url and
--token, or SYNESTHESIE_URL and SYNESTHESIE_TOKEN.

exit codes:
  0    success
  1    failure, or partial success (some files refused; the others were uploaded)
  2    usage error (unknown command or option, missing argument)
  3    authentication or authorization refused (401/403: bad, expired or non-admin token)
  4    not found (404 from the service, or a local file or directory that does not exist)
  5    service unreachable or unavailable (connection refused, 502/503/504)
  130  interrupted (Ctrl-C); upload-set keeps its progress for a re-run`;

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
}

/** The whole CLI as a function of its arguments: answers the exit code, never throws. */
export const runCli = async (argv: string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`${name ? `error: unknown command "${name}"\n\n` : ''}${USAGE}\n`);
    return EXIT.usage;
  }
  const command = await entry.load();
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.stderr.write('\nstopping (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  if (command.handlesInterrupt) process.on('SIGINT', onInterrupt);
  try {
    return await command.run({ argv: rest, env: io.env, stdout: io.stdout, stderr: io.stderr, signal: controller.signal });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    if (io.env.SYNESTHESIE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
};
