import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __NEWS_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
