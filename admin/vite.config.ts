import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SHIXUN_API ?? 'http://localhost:4000';

/**
 * The console: built into admin/dist and served by the API server at /admin
 * (core/server/static.ts). `npm run admin:dev` serves it with hot reload and forwards
 * /graphql to the API (SHIXUN_API, default http://localhost:4000).
 */
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      input: { index: `${root}index.html` },
    },
  },
  server: { proxy: { '/graphql': api } },
});
