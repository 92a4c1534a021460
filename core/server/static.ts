import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

/**
 * The console and the GraphQL IDE, served by the API server itself: the built console
 * (admin/dist, `npm run admin:build`, done by `npm start` when missing or stale) at /admin,
 * and at GET /graphql for a browser the bundled GraphiQL page (admin/dist/graphiql.html):
 * nothing is loaded from a CDN.
 */
export const CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../admin/dist');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>师训管理平台</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>管理控制台尚未构建</h1><p>请运行 <code>npm run admin:build</code>（<code>npm start</code> 会自动构建）。</p>
<p lang="en">The console has not been built: run <code>npm run admin:build</code> (<code>npm start</code> does it for you).</p></body>`;

function wantsHtml(req: express.Request): boolean {
  return req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');
}

/** Mounts /admin (and `/` → /admin/) and the GraphiQL page on GET /graphql; call before the GraphQL middleware. */
export function mountStatic(app: express.Express, dir: string = CONSOLE_DIR): void {
  const index = join(dir, 'index.html');
  const graphiql = join(dir, 'graphiql.html');

  app.get('/', (_req, res) => res.redirect(302, '/admin/'));
  app.get('/graphql', (req, res, next) => {
    if (!wantsHtml(req)) return next();
    if (!existsSync(graphiql)) return void res.status(503).type('html').send(NOT_BUILT);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(graphiql);
  });

  // Assets were gzipped at build time (admin/vite.config.ts): send the .gz to browsers that take it.
  app.use('/admin/assets', (req, res, next) => {
    if (req.method !== 'GET' || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const file = join(dir, 'assets', req.path);
    if (!file.startsWith(join(dir, 'assets')) || !existsSync(`${file}.gz`)) return next();
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.setHeader('x-content-type-options', 'nosniff');
    res.type(extname(file));
    res.sendFile(`${file}.gz`);
  });
  // Hashed file names never change: cache them for good; index.html is checked every time.
  app.use(
    '/admin',
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use('/admin', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== '/' && /\.[a-z0-9]+$/i.test(req.path)) return void res.status(404).end();
    if (req.originalUrl === '/admin') return void res.redirect(301, '/admin/');
    if (!existsSync(index)) return void res.status(503).type('html').send(NOT_BUILT);
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(readFileSync(index));
  });
}
