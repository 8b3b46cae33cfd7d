import { defineConfig } from 'vitest/config';

// Integration tests: real MariaDB and PostgreSQL started by scripts/integration.sh (not part of `npm test`).
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    // The files share two servers (users are server-wide): one file at a time keeps failures readable.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
