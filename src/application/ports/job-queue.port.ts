/** Where a job stands, as admins and tests see it. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  /** Runs that have ended in an error so far (a queued job waiting for a retry has at least one). */
  failures: number;
  /** The last error's message: why a `failed` job gave up, or why a queued one is being retried. */
  reason: string | null;
}

export type JobPayload = Record<string, unknown>;

export interface EnqueueOptions {
  /**
   * At most one queued job per key and name (say, the track's id): enqueueing again while one is waiting
   * is a no-op that returns null. A job already running does not count, so a change made while it runs
   * still gets its own run afterwards.
   */
  singletonKey?: string;
}

/** What a handler learns about the run it is doing. */
export interface JobRun {
  id: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  attempt: number;
  /** Aborted when the instance stops and the job is handed back: stop early, the job will run again. */
  signal: AbortSignal;
}

/**
 * The work an instance does in the background. Handlers must be idempotent: a job may run again after a
 * crash or a hand-back, and the second run must converge on the same result. A handler that throws is
 * retried with a growing delay, then the job ends `failed` with the error's message as its reason.
 */
export type JobHandler = (payload: JobPayload, run: JobRun) => Promise<void>;

export interface JobQueue {
  /** Queues a job for whichever instance is free first. Returns its id, or null when `singletonKey` found one waiting. */
  enqueue(name: string, payload: JobPayload, options?: EnqueueOptions): Promise<string | null>;
  /** The handler for every job of this name; register before the workers start. One handler per name. */
  handle(name: string, handler: JobHandler): void;
  /** The job's visible state, or null when no job of that name has this id (or it has been purged). */
  status(name: string, id: string): Promise<JobStatus | null>;
}
