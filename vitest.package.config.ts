import { defineConfig } from 'vitest/config';

// The package smoke test packs the built tarball and installs it in a scratch folder: slow, so separate.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
