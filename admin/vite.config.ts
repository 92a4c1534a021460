import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SHIXUN_API ?? 'http://localhost:4000';

/** Writes `name.gz` next to each text asset; the server sends it to browsers that accept gzip. */
function precompress(): Plugin {
  return {
    name: 'shixun-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|svg|ttf|json)$/.test(name)) continue;
        const path = join(options.dir!, name);
        const raw = readFileSync(path);
        if (raw.length > 1024) writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * The console: built into admin/dist and served by the API server at /admin
 * (core/server/static.ts). `npm run admin:dev` serves it with hot reload and forwards
 * /graphql to the API (SHIXUN_API, default http://localhost:4000).
 */
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: { index: `${root}index.html`, graphiql: `${root}graphiql.html` },
      // GraphiQL's "use no memo" directives are for the React compiler; bundling may drop them harmlessly.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': api } },
});
