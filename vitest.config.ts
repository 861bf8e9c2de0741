import { defineConfig } from 'vitest/config';


export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'test/**/*.test.ts', 'electron/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['core/**/*.ts'],
      exclude: ['core/**/*.test.ts', 'core/**/README.md'],
      reporter: ['text-summary', 'text', 'html', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
