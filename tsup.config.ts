import { defineConfig, type Options } from 'tsup';
import type { Plugin } from 'esbuild';

const shared: Options = { sourcemap: true, target: 'es2022', splitting: false, treeshake: true };

/** The browser build reads no environment: environment.ts is swapped for environment.browser.ts. */
const browserEnvironment: Plugin = {
  name: 'browser-environment',
  setup(build) {
    build.onResolve({ filter: /\/environment\.js$/ }, (args) => ({ path: new URL(args.path.replace(/\.js$/, '.browser.ts'), `file://${args.resolveDir}/`).pathname }));
  },
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // Not the browser build's folder: the two builds run side by side.
    clean: ['**/*', '!browser/**'],
  },
  {
    ...shared,
    // The package's `browser` condition: what a bundler targeting a page picks (esbuild, Vite, webpack).
    entry: { 'browser/index': 'src/index.ts' },
    format: ['esm'],
    dts: false,
    esbuildPlugins: [browserEnvironment],
  },
]);
