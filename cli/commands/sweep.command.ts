import { serverTaskCommand } from '../server-task.ts';

const USAGE = `usage: synesthesie-media sweep

One sweep of the service's store and database, as the service does every SWEEP_INTERVAL_SECONDS:
drains the deletion queue, aborts uploads idle for longer than ORPHAN_GRACE_SECONDS and removes objects no
row references. Prints a JSON report. Runs with the service's environment (DATABASE_URL, DATA_DIR,
STORAGE_DRIVER, S3_*), not over HTTP; with the embedded database (no DATABASE_URL), stop the service first.

options:
  -h, --help   this help`;

export const sweepCommand = serverTaskCommand('sweep', USAGE);
