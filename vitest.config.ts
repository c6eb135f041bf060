import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['kernels-tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Dawn devices live in native code: one fork per file, files one at a time (2 cores).
    pool: 'forks',
    fileParallelism: false,
  },
});
