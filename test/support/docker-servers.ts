import { existsSync } from 'node:fs';
import type { TestPostgres } from './postgres-server.ts';
import type { TestS3 } from './s3-server.ts';

/**
 * With a reachable Docker engine the suite may run on containers instead of the embedded servers:
 * LocalStack for S3 (no s3rver gaps: signatures, ListParts, aborts and bucket configuration are real)
 * and the official PostgreSQL image. Opt out with TEST_DOCKER=0. The machines this project's CI runs on
 * have no engine, so the embedded servers are the default there.
 */
export const dockerAvailable = (): boolean => {
  if (process.env.TEST_DOCKER === '0') return false;
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
};

export const startDockerPostgres = async (): Promise<TestPostgres> => {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:17-alpine')
    .withDatabase('postgres')
    .withUsername('postgres')
    .withPassword('test')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'max_connections=300'])
    .start();
  return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
};

export const startDockerS3 = async (): Promise<TestS3> => {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const container = await new LocalstackContainer('localstack/localstack:4').start();
  // LocalStack accepts any credentials, like s3rver; it implements the calls s3rver lacks.
  return {
    endpoint: container.getConnectionUri(),
    profile: { server: 'LocalStack 4', gaps: { 'sigv4-verification': 'LocalStack accepts any signature' }, tolerated: {} },
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    stop: async () => void (await container.stop()),
  };
};
