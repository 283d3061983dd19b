import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Collects every log line of the run and scans it for secrets at the end (see the file).
    globalSetup: ['test/log-scan/global-setup.ts'],
    // Integration tests spawn servers; two cores are shared between them.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
