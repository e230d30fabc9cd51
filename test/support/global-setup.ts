import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres-server.ts';
import { startTestS3 } from './s3-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of a real PostgreSQL server; tests create their own databases on it. */
    databaseUrl: string;
    /** Endpoint of an S3-compatible server (s3rver in a child process, or TEST_S3_ENDPOINT). */
    s3Endpoint: string;
    /** What the S3 server lacks, so contract tests can mark those capabilities instead of passing them silently. */
    s3Gaps: string[];
  }
}

/** Starts the real servers the suite needs once per run, on a machine with only Node and npm. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pg, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
  project.provide('databaseUrl', pg.url);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('s3Gaps', s3.gaps);
  return async () => {
    await Promise.all([s3.stop(), pg.stop()]);
  };
}
