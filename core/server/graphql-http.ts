import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { serialize, type SerializeOptions } from 'cookie';
import type { Context } from '../graphql/context.js';
import type { FastPath } from './graphql-fast-path.js';

/**
 * POST /graphql straight from node:http, to the fast path (graphql-fast-path.ts) or Apollo.
 * Every API call takes this path, and for a small mutation Express's router, JSON body parser,
 * content negotiation and ETag hashing cost more than the mutation itself; none of them does
 * anything GraphQL needs. GET /graphql (the bundled IDE), the console and the import routes stay on Express.
 */
export type ContextFactory = (req: IncomingMessage, setCookie: NonNullable<Context['setCookie']>) => Promise<Context>;

export function isGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  return url === '/graphql' || url.startsWith('/graphql?') || url === '/graphql/';
}

function refuse(res: ServerResponse, status: number, code: string, zh: string, en: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message: zh, extensions: { code, messageZh: zh, messageEn: en } }] }));
}

/** Reads the body (at most `limit` bytes); null once it has answered a body that is too large. */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        refuse(res, 413, 'PAYLOAD_TOO_LARGE', `请求体超过 ${limit} 字节`, `Request body exceeds ${limit} bytes`);
        return resolve(null);
      }
      chunks.push(chunk);
    });
    req.on('end', () => refused || resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `fast` answers the ordinary requests (graphql-fast-path.ts); Apollo those it declines. */
export function graphqlHttpHandler(apollo: ApolloServer<Context>, context: ContextFactory, limitBytes: number, fast?: FastPath) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const text = await readBody(req, res, limitBytes);
      if (text === null) return;
      let body: unknown = text;
      if (/json/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          return refuse(res, 400, 'BAD_REQUEST', '请求体不是合法的 JSON', 'The request body is not valid JSON');
        }
      }
      const setCookie = (name: string, value: string, options: Record<string, unknown>) => {
        // As Express's res.cookie: maxAge in milliseconds, also written as an expiry date.
        const o = { ...options } as SerializeOptions & { maxAge?: number };
        if (typeof o.maxAge === 'number') {
          o.expires = new Date(Date.now() + o.maxAge);
          o.maxAge = Math.floor(o.maxAge / 1000);
        }
        res.appendHeader('set-cookie', serialize(name, value, { path: '/', ...o }));
      };
      const answer = fast && (await fast(req, body, () => context(req, setCookie)));
      if (answer) {
        res.statusCode = answer.status;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(answer.body);
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      const q = req.url!.indexOf('?');
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: q < 0 ? '' : req.url!.slice(q), body },
        context: () => context(req, setCookie),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      console.error('[graphql-http]', e);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', '服务器内部错误', 'Internal server error');
      else res.end();
    }
  };
}
