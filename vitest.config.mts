import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests need real databases: vitest.integration.config.mts (scripts/integration.sh);
    // the installed-package tests pack and install the package first: vitest.package.config.mts.
    exclude: ['**/node_modules/**', 'test/integration/**', 'test/installed/**'],
    // Synthesizing whole CDK apps is CPU-heavy: generous per-test time, bounded parallelism for 2-core CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
