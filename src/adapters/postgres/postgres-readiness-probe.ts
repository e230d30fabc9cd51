import type pg from 'pg';
import type { ReadinessProbe } from '../../application/ports/readiness-probe.port.ts';
import { mapPgError } from './pg-error-mapping.ts';

/** /readyz asks the database for `select 1`, bounded in time so a hung server reads as "not ready". */
export class PostgresReadinessProbe implements ReadinessProbe {
  readonly name = 'database';
  private readonly pool: pg.Pool;
  private readonly timeoutMs: number;

  constructor(pool: pg.Pool, timeoutMs = 2_000) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  async check(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('connection timeout: readiness check')), this.timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('select 1'), timeout]);
    } catch (error) {
      throw mapPgError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
