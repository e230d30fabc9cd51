import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Most test files wait on other processes (PostgreSQL, RGW, the service, the CLI, Chromium), so files run
    // three at a time even on two cores; vitest's default (cores - 1) ran them one by one. Measured on this
    // 2-core machine: the Node pass took 487 s one at a time and 350 s three at a time, all green.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        // Domain rules and use cases on the memory adapters: no server is started, so they run in milliseconds
        // (`npx vitest run --project unit`).
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        // Everything that needs the real PostgreSQL and S3 servers the global setup starts once per run.
        extends: true,
        test: {
          name: 'services',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
