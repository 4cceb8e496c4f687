import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The store reads its numbered .sql migrations at run time; ship them beside the bundle. */
function copyMigrations(): Plugin {
  return {
    name: 'vlm-workbench:copy-migrations',
    closeBundle() {
      cpSync(resolve('main/core/store/migrations'), resolve('out/main/store-migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('main/electron/index.ts'),
          'core-host': resolve('main/electron/core-host.ts'),
          // The import's grading worker thread (main/core/grading/background-grader.ts finds it here).
          'grade-worker': resolve('main/core/grading/grade-worker.ts'),
        },
      },
    },
    plugins: [copyMigrations()],
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    // The renderer imports the core's leaf modules (types, method names) as @core/...; never zod or Node code.
    resolve: { alias: { '@core': resolve('main/core') } },
    // The page icon (resources/web/favicon.png), copied beside index.html for the desktop app and serve alike.
    publicDir: resolve('resources/web'),
    // Minified: a browser tab of `serve` parses the bundle at every load (electron-vite leaves it
    // unminified by default: 1 MB of entry chunk).
    build: { minify: true, rollupOptions: { input: resolve('renderer/index.html') } },
    plugins: [react()],
  },
});
