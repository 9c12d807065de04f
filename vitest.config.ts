import { defineConfig } from 'vitest/config';

// CI runs the msw handler tests once more on msw 2: MSW_PACKAGE_DIR points at an installed msw 2.
const mswDirectory = process.env.MSW_PACKAGE_DIR;

export default defineConfig({
  ...(mswDirectory ? { resolve: { alias: [{ find: /^msw(\/.*)?$/, replacement: `${mswDirectory}$1` }] } } : {}),
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/package/**', 'test/runtimes/**'],
    environment: 'node',
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 20_000,
    // test/gc-hang.test.ts forces garbage collections.
    execArgv: ['--expose-gc'],
  },
});
