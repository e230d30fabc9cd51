import { serverTaskCommand } from '../server-task.ts';

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

export const migrateCommand = serverTaskCommand(
  'migrate',
  USAGE,
  { count: { type: 'string' }, 'move-from-public': { type: 'boolean' } },
  true,
);
