#!/usr/bin/env node
// `npm start` runs this first (prestart): builds the console into admin/dist when it is
// missing or older than its sources, so a fresh `npm install && npm start` serves /admin.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const admin = dirname(fileURLToPath(import.meta.url));
const root = dirname(admin);
const built = join(admin, 'dist', 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = Math.max(
  newest(join(admin, 'src')),
  ...['index.html', 'graphiql.html', 'vite.config.ts', 'tsconfig.json'].map((f) => newest(join(admin, f))),
  newest(join(root, 'package-lock.json')),
);
const output = existsSync(built) ? statSync(built).mtimeMs : 0;

if (output >= sources && !process.argv.includes('--force')) {
  console.log('admin: console is up to date (admin/dist)');
  process.exit(0);
}

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  const msg = 'admin: vite is not installed (devDependencies), cannot build the console';
  if (output) {
    console.warn(`${msg}; serving the existing admin/dist`);
    process.exit(0);
  }
  console.warn(`${msg}; /admin will say so. Run \`npm install\` then \`npm run admin:build\`.`);
  process.exit(0);
}

console.log(output ? 'admin: sources changed, rebuilding the console…' : 'admin: building the console (first start)…');
const t0 = Date.now();
const r = spawnSync(process.execPath, [vite, 'build', '--config', join(admin, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
if (r.status !== 0) {
  console.error('admin: the console build failed (see above)');
  process.exit(r.status ?? 1);
}
console.log(`admin: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
