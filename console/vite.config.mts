import { defineConfig } from 'vite';
import path from 'node:path';

// The console is built into dist/console and served by the API under /console/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  build: {
    outDir: path.join(import.meta.dirname, '..', 'dist', 'console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // antd marks modules "use client" for React Server Components; a browser bundle does not need it.
    rolldownOptions: { onwarn: (w, warn) => (w.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(w)) },
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
