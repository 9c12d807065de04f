import { defineConfig } from 'vitest/config';

// Slow, so separate: the package smoke tests pack the built tarball and install it in a scratch folder;
// the runtime matrix (test/runtimes) runs the built package in Deno, Bun, edge-runtime and workerd.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts', 'test/runtimes/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
