import type { TestProject } from 'vitest/node';
import { dockerAvailable, startDockerPostgres, startDockerS3 } from './docker-servers.ts';
import { startTestPostgres } from './postgres-server.ts';
import type { S3ServerProfile } from './s3-capabilities.ts';
import { startTestS3 } from './s3-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of a real PostgreSQL server; tests create their own databases on it. */
    databaseUrl: string;
    /** Endpoint of an S3-compatible server (Ceph RGW or s3rver started here, or TEST_S3_ENDPOINT). */
    s3Endpoint: string;
    s3Credentials: { accessKeyId: string; secretAccessKey: string };
    /** Which S3 server, and what it does differently from AWS (test/support/s3-capabilities.ts). */
    s3Profile: S3ServerProfile;
  }
}

/** Starts the real servers the suite needs once per run, on a machine with only Node and npm. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // TEST_DATABASE_URL / TEST_S3_ENDPOINT win; then containers when a Docker engine is reachable; else embedded.
  const docker = dockerAvailable();
  const [pg, s3] = await Promise.allSettled([
    docker && !process.env.TEST_DATABASE_URL ? startDockerPostgres() : startTestPostgres(),
    docker && !process.env.TEST_S3_ENDPOINT ? startDockerS3() : startTestS3(),
  ]);
  // One server failing to start must not leave the other running.
  if (pg.status === 'rejected' || s3.status === 'rejected') {
    await Promise.all([pg, s3].map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)));
    throw pg.status === 'rejected' ? pg.reason : (s3 as PromiseRejectedResult).reason;
  }
  project.provide('databaseUrl', pg.value.url);
  project.provide('s3Endpoint', s3.value.endpoint);
  project.provide('s3Credentials', s3.value.credentials);
  project.provide('s3Profile', s3.value.profile);
  return async () => {
    await Promise.all([s3.value.stop(), pg.value.stop()]);
  };
}
