import { defineConfig } from 'vitest/config';

// Unit tests: no database, no network; the data layer is faked and the app driven with fastify.inject.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
