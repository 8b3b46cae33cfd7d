import { defineConfig } from 'vitest/config';

// Integration tests: real MariaDB and PostgreSQL (scripts/start-databases.sh), and the built server (dist/).
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    setupFiles: ['test/support/database-env.ts'],
    // The files share two databases; run them one after another so their data does not interleave.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
