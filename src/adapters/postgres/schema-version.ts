import type pg from 'pg';
import type { ReadinessProbe } from '../../application/ports/readiness-probe.port.ts';
import type { AppError } from '../../domain/app-error.ts';
import { schemaNotMigrated } from '../../domain/errors/common.errors.ts';
import { shippedMigrations } from './migrator.ts';
import { pgTables, type PgTables } from './pg-tables.ts';
import { runQuery } from './run-query.ts';

/** While the schema is behind, requests ask again at most this often (one query shared by all of them). */
const RECHECK_MS = 1_000;

/**
 * Whether DATABASE_SCHEMA has every migration this release ships. With MIGRATE_ON_START=false (or before
 * `media.migrate()`), the service must not serve from a schema that is missing a table or a column: the
 * router answers 503 SCHEMA_NOT_MIGRATED and /readyz names the schema, until a deploy step has migrated it.
 * A schema that has migrations this release does not know (a newer release migrated, then rolled back the
 * code) is served: migrations are expand/contract, so the older code still fits it.
 * Once current it stays current for the life of the process; nothing re-checks on every request.
 */
export class SchemaVersion implements ReadinessProbe {
  readonly name = 'schema';
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly t: PgTables;
  private current = false;
  private pending: Promise<void> | null = null;
  private checkedAt = 0;
  private lastError: AppError | null = null;

  constructor(pool: pg.Pool, schema: string) {
    this.pool = pool;
    this.schema = schema;
    this.t = pgTables(schema);
  }

  /** Resolves when the schema is at this release's version; otherwise rejects with SCHEMA_NOT_MIGRATED (or DATABASE_UNAVAILABLE). */
  async ensureCurrent(): Promise<void> {
    if (this.current) return;
    if (this.pending === null && (this.lastError === null || Date.now() - this.checkedAt >= RECHECK_MS)) {
      this.pending = this.read().finally(() => {
        this.pending = null;
        this.checkedAt = Date.now();
      });
    }
    if (this.pending !== null) await this.pending;
    if (!this.current && this.lastError !== null) throw this.lastError;
  }

  check(): Promise<void> {
    return this.ensureCurrent();
  }

  /** Marks the schema current without asking (the process itself just migrated it). */
  markCurrent(): void {
    this.current = true;
    this.lastError = null;
  }

  private async read(): Promise<void> {
    const [shipped, present] = await Promise.all([
      shippedMigrations(),
      runQuery(this.pool, 'SELECT to_regclass($1) IS NOT NULL AS present', [`${this.t.schema}.pgmigrations`]),
    ]);
    let applied: string[] = [];
    if ((present[0] as { present?: unknown } | undefined)?.present === true) {
      const rows = await runQuery(this.pool, `SELECT name FROM ${this.t.migrations}`);
      applied = rows.map((row) => String((row as { name: unknown }).name));
    }
    const missing = shipped.filter((name) => !applied.includes(name));
    if (missing.length === 0) {
      this.markCurrent();
      return;
    }
    this.lastError = schemaNotMigrated(this.schema, missing);
  }
}
