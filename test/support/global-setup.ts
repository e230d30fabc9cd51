import type { TestProject } from 'vitest/node';
import { dockerAvailable, startDockerPostgres, startDockerS3 } from './docker-servers.ts';
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
  // TEST_DATABASE_URL / TEST_S3_ENDPOINT win; then containers when a Docker engine is reachable; else embedded.
  const docker = dockerAvailable();
  const [pg, s3] = await Promise.all([
    docker && !process.env.TEST_DATABASE_URL ? startDockerPostgres() : startTestPostgres(),
    docker && !process.env.TEST_S3_ENDPOINT ? startDockerS3() : startTestS3(),
  ]);
  project.provide('databaseUrl', pg.url);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('s3Gaps', s3.gaps);
  return async () => {
    await Promise.all([s3.stop(), pg.stop()]);
  };
}
