import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http, { type IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { verifyActor } from '../auth/token.js';
import type { AppConfig } from '../config.js';
import type { Context } from '../graphql/context.js';
import { errorShapePlugin, formatError, wantsEnglish } from '../graphql/errors.js';
import { hardeningPlugin, operationCheck } from '../graphql/hardening.js';
import { Loaders } from '../graphql/loaders.js';
import { buildAppSchema } from '../graphql/schema.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { graphqlFastPath } from './graphql-fast-path.js';
import { graphqlHttpHandler, isGraphqlPost } from './graphql-http.js';
import { mountStatic } from './static.js';
import { selectionGroupStats } from '../workflow/selection.js';
import { mountImportRoutes } from '../import/routes.js';

/** Largest GraphQL request body (a roster import goes through /import, not here). */
const GRAPHQL_BODY_LIMIT = 2 * 1024 * 1024;

export interface RunningApp {
  url: string;
  port: number;
  close: () => Promise<void>;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The actor of a request's Bearer token or `shixun_token` cookie (also used by core/import/routes.ts). */
export async function actorFrom(req: IncomingMessage, secret: string): Promise<Actor | null> {
  const auth = req.headers.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7) : readCookie(req.headers.cookie, 'shixun_token');
  return token ? verifyActor(token, secret) : null;
}

/** Serves GraphQL at /graphql on the given data source; port 0 picks a free port (tests). */
export async function startApp(opts: { config: AppConfig; ds: DataSource; plugins: PluginRuntime; port?: number }): Promise<RunningApp> {
  const { config, ds, plugins } = opts;
  const app = express();
  // Requests are routed once the GraphQL server has started (below).
  const httpServer = http.createServer();
  const schema = await buildAppSchema(plugins);
  const check = operationCheck(schema, config.production, config.maxPageSize);
  const stringifyResult = (result: unknown) => JSON.stringify(result);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    // Never sent (formatError drops it); computing it formats every error's stack.
    includeStacktraceInErrorResponses: false,
    // Introspection is decided per request by hardeningPlugin (administrators only in production).
    introspection: true,
    // Apollo's default indents every response: more bytes and more time for each answer of a rush.
    stringifyResult,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      // Not a federation subgraph: no per-request tracing hook.
      ApolloServerPluginInlineTraceDisabled(),
      errorShapePlugin(),
      hardeningPlugin(check),
    ],
  });
  await apollo.start();
  // SHIXUN_GRAPHQL_FAST_PATH=0 sends every request through Apollo (the tests compare both ways).
  const fast = process.env.SHIXUN_GRAPHQL_FAST_PATH === '0' ? undefined : graphqlFastPath({ schema, check, formatError, stringify: stringifyResult });

  app.get('/health', (_req, res) =>
    void res.json({ ok: true, dialect: config.dialect, plugins: plugins.list.map((p) => p.name), selectionGroups: selectionGroupStats(ds), graphqlFastPath: fast?.stats ?? null }));
  mountStatic(app);
  // Roster import (.xlsx) and list export: plain HTTP routes next to /graphql.
  mountImportRoutes(app, { config, ds, plugins, schema, actorFrom });
  const context = async (req: IncomingMessage, setCookie?: Context['setCookie']): Promise<Context> => ({
    actor: await actorFrom(req, config.tokenSecret),
    ds,
    config,
    plugins,
    loaders: new Loaders(ds),
    requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
    english: wantsEnglish(req.headers['accept-language']),
    setCookie,
  });
  // GET /graphql (the IDE) through Express; POST /graphql, every API call, past Express to the fast path or Apollo.
  app.use(
    '/graphql',
    express.json({ limit: GRAPHQL_BODY_LIMIT }),
    expressMiddleware(apollo, { context: ({ req, res }) => context(req, (name, value, options) => void res.cookie(name, value, options)) }),
  );
  const graphqlPost = graphqlHttpHandler(apollo, context, GRAPHQL_BODY_LIMIT, fast);
  httpServer.on('request', (req, res) => (isGraphqlPost(req) ? void graphqlPost(req, res) : app(req, res)));

  await new Promise<void>((resolve) => httpServer.listen(opts.port ?? config.port, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    close: async () => {
      await apollo.stop();
    },
  };
}
