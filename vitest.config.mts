import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests need real databases: vitest.integration.config.mts (scripts/integration.sh).
    exclude: ['**/node_modules/**', 'test/integration/**'],
    // Synthesizing whole CDK apps is CPU-heavy: generous per-test time, bounded parallelism for 2-core CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
