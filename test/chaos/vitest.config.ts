import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: real Herald processes, real `kill -9` of the database child and of
 * Herald itself. One file at a time: each scenario measures timings that a second one running
 * beside it on the same cores would distort.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    name: 'chaos',
    include: ['test/chaos/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
