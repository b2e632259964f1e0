import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // The jobs worker (export, import, pruning off the main thread) is a second entry:
      // out/main/jobs-worker.js, which main starts with worker_threads (src/main/paths.ts).
      rolldownOptions: {
        input: { index: resolve('src/main/index.ts'), 'jobs-worker': resolve('src/core/jobs/worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: bundle everything it imports, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
