import { pgTables } from '../../src/adapters/postgres/pg-tables.ts';

/** The schema the suite's services and repositories use: the default, as a deployment would have it. */
export const TEST_SCHEMA = 'media';
export const TEST_TABLES = pgTables(TEST_SCHEMA);
