import { defineConfig } from 'vitest/config';

// `npm run test:package`: the package as a user gets it, packed with `npm pack` and installed into an
// empty repository (test/installed). Not part of `npm test`: packing builds dist/ (about 20 s).
export default defineConfig({
  test: {
    include: ['test/installed/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
