import { defineConfig, type Options } from 'tsup';
import type { Plugin } from 'esbuild';

const shared: Options = { sourcemap: true, target: 'es2022', treeshake: true };

/** The browser build reads no environment and has no fleet state: environment.ts and fleet.ts are swapped for their .browser.ts. */
const browserEnvironment: Plugin = {
  name: 'browser-environment',
  setup(build) {
    build.onResolve({ filter: /\/(environment|fleet)\.js$/ }, (args) => ({ path: new URL(args.path.replace(/\.js$/, '.browser.ts'), `file://${args.resolveDir}/`).pathname }));
  },
};

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      stream: 'src/stream.ts',
      'ai-sdk/index': 'src/ai-sdk/index.ts',
      'testing/index': 'src/testing/index.ts',
      'testing/msw': 'src/testing/msw.ts',
      'testing/server': 'src/testing/server.ts',
      'redis/index': 'src/redis/index.ts',
    },
    format: ['esm', 'cjs'],
    // ESM entries share their modules (one emulator, one set of error classes); CJS entries stay whole.
    splitting: true,
    dts: true,
    // Not the other builds' folders: the builds run side by side.
    clean: ['**/*', '!browser/**', '!bin/**'],
  },
  {
    ...shared,
    // The package's `browser` condition: what a bundler targeting a page picks (esbuild, Vite, webpack).
    // The AI SDK provider shares the client's modules with the main entry (one SaaSLLMClient class).
    entry: { index: 'src/index.ts', 'ai-sdk': 'src/ai-sdk/index.ts' },
    // Its own folder, chunks included: the builds run side by side, and the main build cleans the rest.
    outDir: 'dist/browser',
    format: ['esm'],
    splitting: true,
    dts: false,
    esbuildPlugins: [browserEnvironment],
  },
  {
    ...shared,
    entry: { 'bin/saas-litellm-mock': 'src/testing/cli.ts' },
    format: ['esm'],
    splitting: false,
    dts: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
