import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { EnqueueOptions, JobHandler, JobPayload, JobQueue, JobState, JobStatus } from '../../application/ports/job-queue.port.ts';
import type { Logger } from '../../application/ports/logger.port.ts';

/** The one thing pg-boss needs of a database: a pg `Pool` (ours, or the host's) fits as it is. */
export interface JobDatabase {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface PgBossJobQueueOptions {
  db: JobDatabase;
  /** DATABASE_SCHEMA: pg-boss's tables live beside the service's, nothing in `public`. */
  schema: string;
  /** Jobs this instance runs at once, whatever their names (JOB_CONCURRENCY). */
  concurrency: number;
  logger: Logger;
  /** How often an idle worker looks for jobs. */
  pollIntervalMs?: number;
  /** Retries after the first failure, each after retryDelaySeconds × 2^n (pg-boss's backoff, with jitter). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job still running after this is taken as lost (its instance died) and retried by pg-boss's maintenance. */
  expireInSeconds?: number;
  /** How often pg-boss's maintenance (expiry, archiving) runs while workers are started. */
  maintenanceIntervalSeconds?: number;
}

const HANDED_BACK = 'handed back: the instance stopped before the job finished';

const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'failed',
};

const reasonOf = (output: unknown): string | null => {
  if (output === null || typeof output !== 'object') return null;
  const { message, value } = output as { message?: unknown; value?: unknown };
  if (typeof message === 'string') return message;
  return typeof value === 'string' ? value : null;
};

interface Running {
  name: string;
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The job queue on pg-boss 10 (its tables in DATABASE_SCHEMA). pg-boss runs its SQL through our pool and
 * polls, so it needs no connection of its own: it works on a host's pool and on embedded PGlite's pool of
 * one alike (graphile-worker holds a LISTEN connection, which a pool of one cannot spare).
 *
 * Workers are this adapter's own loop over `fetch` (SKIP LOCKED, so each job runs on one instance) rather
 * than pg-boss's per-queue `work`, so that JOB_CONCURRENCY bounds the jobs of every name together and stop()
 * can let running jobs finish or hand them back. Nothing touches the database until a job is enqueued or
 * a handler is registered and the workers start: without handlers, start() costs nothing.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly running = new Set<Running>();
  private readonly pollIntervalMs: number;
  private readonly retryLimit: number;
  private readonly retryDelaySeconds: number;
  private readonly expireInSeconds: number;
  private boss: Promise<PgBoss> | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: PgBossJobQueueOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.retryLimit = options.retryLimit ?? 3;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 30;
    this.expireInSeconds = options.expireInSeconds ?? 3600;
  }

  handle(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
    this.handlers.set(name, handler);
  }

  async enqueue(name: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<string | null> {
    if (this.stopped) throw new Error('the job queue is stopped');
    const boss = await this.queue(name);
    const id = randomUUID();
    // The queue is `stately` (one queued job per key): a job without a key gets one of its own.
    const singletonKey = options.singletonKey === undefined ? `id:${id}` : `key:${options.singletonKey}`;
    return boss.send(name, payload, { id, singletonKey });
  }

  async status(name: string, id: string): Promise<JobStatus | null> {
    const boss = await this.queue(name);
    const job = await boss.getJobById<JobPayload>(name, id, { includeArchive: true });
    if (!job) return null;
    const state = STATES[job.state] ?? 'failed';
    // pg-boss counts a retry when it starts one: a job waiting for its retry, or failed for good, has one failure more.
    const failures = job.state === 'retry' || job.state === 'failed' ? job.retryCount + 1 : job.retryCount;
    return { id: job.id, name: job.name, state, failures, reason: failures > 0 || state === 'failed' ? reasonOf(job.output) : null };
  }

  /** Starts the workers when some handler is registered; idempotent. */
  start(): void {
    if (this.loop !== null || this.stopped || this.handlers.size === 0) return;
    this.loop = this.work().catch((error: unknown) => {
      this.options.logger.error({ err: String(error) }, 'job workers stopped on an error');
    });
  }

  /**
   * Stops fetching, lets running jobs finish for up to `timeoutMs`, then hands the rest back (they are
   * retried, here or on another instance) and stops pg-boss. The pool is left open: it is not ours.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.running.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...this.running].map((r) => r.done)), timedOut]);
      clearTimeout(timer);
    }
    const boss = this.boss ? await this.boss.catch(() => null) : null;
    const left = [...this.running];
    for (const run of left) run.controller.abort(new Error(HANDED_BACK));
    if (boss) {
      for (const run of left) await boss.fail(run.name, run.id, { message: HANDED_BACK }).catch(() => undefined);
      await boss.stop({ graceful: false, close: false, wait: true });
    }
  }

  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const { db, schema } = this.options;
      const boss = new PgBoss({
        db: { executeSql: (text, values) => db.query(text, values) },
        schema,
        migrate: true,
        supervise: true,
        schedule: false,
        maintenanceIntervalSeconds: this.options.maintenanceIntervalSeconds ?? 120,
      });
      boss.on('error', (error) => this.options.logger.warn({ err: error.message }, 'job queue maintenance failed; will retry'));
      await boss.start();
      return boss;
    })();
    this.boss.catch(() => {
      this.boss = null;
    });
    return this.boss;
  }

  private queue(name: string): Promise<PgBoss> {
    const boss = this.started();
    let created = this.queues.get(name);
    if (!created) {
      created = boss.then((b) =>
        b.createQueue(name, {
          name,
          policy: 'stately',
          retryLimit: this.retryLimit,
          retryDelay: this.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: this.expireInSeconds,
        }),
      );
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    return created.then(() => boss);
  }

  private async work(): Promise<void> {
    const names = [...this.handlers.keys()];
    let boss: PgBoss | null = null;
    // A database that is down at start delays the workers, it does not end them.
    while (boss === null && !this.stopped) {
      try {
        for (const name of names) await this.queue(name);
        boss = await this.started();
      } catch (error) {
        this.options.logger.warn({ err: String(error) }, 'job queue unavailable; will retry');
        await this.idle(this.pollIntervalMs * 5);
      }
    }
    if (boss === null) return;
    this.options.logger.info({ jobs: names, concurrency: this.options.concurrency }, 'job workers started');
    let next = 0;
    while (!this.stopped) {
      if (this.running.size >= this.options.concurrency) {
        await this.idle(null);
        continue;
      }
      let fetched = false;
      for (let i = 0; i < names.length && !this.stopped && this.running.size < this.options.concurrency; i++) {
        const name = names[(next + i) % names.length]!;
        const [job] = await boss.fetch<JobPayload>(name, { batchSize: 1, includeMetadata: true }).catch((error: unknown) => {
          this.options.logger.warn({ err: String(error), job: name }, 'fetching jobs failed; will retry');
          return [];
        });
        if (!job) continue;
        fetched = true;
        this.run(boss, name, job);
      }
      next = (next + 1) % names.length;
      if (!fetched) await this.idle(this.pollIntervalMs);
    }
  }

  /** Waits until a job ends or stop() is called, and at most `ms` when given. */
  private idle(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === null ? undefined : setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private run(boss: PgBoss, name: string, job: PgBoss.JobWithMetadata<JobPayload>): void {
    const handler = this.handlers.get(name)!;
    const controller = new AbortController();
    const entry: Running = { name, id: job.id, controller, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        await handler(job.data ?? {}, { id: job.id, attempt: job.retryCount + 1, signal: controller.signal });
        if (!controller.signal.aborted) await boss.complete(name, job.id);
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        this.options.logger.warn({ job: name, id: job.id, attempt: job.retryCount + 1, err: message }, 'job failed');
        await boss.fail(name, job.id, { message });
      }
    })()
      .catch((error: unknown) => this.options.logger.error({ job: name, id: job.id, err: String(error) }, 'could not record the end of a job'))
      .finally(() => {
        this.running.delete(entry);
        this.wake?.();
      });
    this.running.add(entry);
  }
}
