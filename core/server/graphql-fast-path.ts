import type { IncomingMessage } from 'node:http';
import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context.js';
import { shapeErrors } from '../graphql/errors.js';
import type { OperationCheck } from '../graphql/hardening.js';

/**
 * POST /graphql for the ordinary request, past Apollo's per-request pipeline: measured on the
 * selection rush, that pipeline (plugin hooks, a SHA-256 of every query, content negotiation run
 * twice, header maps) cost as much CPU as the selection itself — `{ __typename }` took 0.19 ms
 * through it and 0.10 ms here, and P1 gained 17 %.
 *
 * It does what Apollo does for such a request, with the same pieces: the document parsed and
 * validated once (graphql-js's specified rules, as Apollo with introspection on), the same
 * operation check (core/graphql/hardening.ts), the schema executed by graphql-js, errors
 * normalized as Apollo does and passed through the same formatError and shapeErrors, the result
 * serialized the same way. Anything else is declined (null) and Apollo answers it as before:
 * other media types, batches, persisted queries, a document that does not parse or validate, an
 * operation the check refuses, variables that do not coerce (nothing has run then). The tests
 * send the same requests both ways and compare the answers (test/e2e/graphql-fast-path.test.ts).
 */
export interface FastAnswer {
  status: number;
  body: string;
}

export interface FastPath {
  (req: IncomingMessage, body: unknown, context: () => Promise<Context>): Promise<FastAnswer | null>;
  /** Requests answered here and left to Apollo, since start (/health shows them). */
  stats: { answered: number; declined: number };
}

/**
 * Parsed, validated documents by query text, bounded as Apollo's document store is (by size):
 * at most this many, each at most MAX_CACHED_QUERY characters (longer ones are parsed every time).
 */
const MAX_DOCUMENTS = 1000;
const MAX_CACHED_QUERY = 20_000;

interface Options {
  schema: GraphQLSchema;
  check: OperationCheck;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  stringify: (result: { errors?: GraphQLFormattedError[]; data?: unknown }) => string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Apollo answers these itself: it would pick another media type, or refuse the Accept header. */
function acceptsPlainJson(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  if (/graphql-response|multipart/i.test(accept)) return false;
  return /application\/json|\*\/\*/i.test(accept);
}

export function graphqlFastPath({ schema, check, formatError, stringify }: Options): FastPath {
  const documents = new Map<string, DocumentNode | null>();
  const prepared = (query: string): DocumentNode | null => {
    let document = documents.get(query);
    if (document !== undefined) return document;
    try {
      const parsed = parse(query);
      document = validate(schema, parsed).length ? null : parsed;
    } catch {
      document = null;
    }
    if (query.length > MAX_CACHED_QUERY) return document;
    if (documents.size >= MAX_DOCUMENTS) documents.clear();
    documents.set(query, document);
    return document;
  };

  /** As Apollo's normalizeAndFormatErrors: a code on every error, an error's `http` extension applied. */
  const formatted = (errors: readonly GraphQLError[], head: { status: number }) =>
    errors.map((error) => {
      try {
        const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
        const http = extensions.http as { status?: unknown } | undefined;
        if (http && typeof http === 'object') {
          if (typeof http.status === 'number') head.status = http.status;
          delete extensions.http;
        }
        return formatError({ ...error.toJSON(), extensions }, error);
      } catch {
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    });

  const answer = async (req: IncomingMessage, body: unknown, context: () => Promise<Context>): Promise<FastAnswer | null> => {
    if (!isRecord(body) || typeof body.query !== 'string' || body.extensions !== undefined) return null;
    const { query, variables = null, operationName = null } = body;
    if ((variables !== null && !isRecord(variables)) || (operationName !== null && typeof operationName !== 'string')) return null;
    if (!acceptsPlainJson(req.headers.accept)) return null;
    const document = prepared(query);
    if (!document) return null;
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return null;

    const contextValue = await context();
    if (check(document, operationName, variables ?? {}, contextValue.actor)) return null;
    const result = await execute({ schema, document, operationName, variableValues: variables, contextValue });
    // No data: the variables did not coerce and nothing ran; Apollo words that answer (status 400).
    if (result.data === undefined) return null;
    const head = { status: 200 };
    const errors = result.errors ? shapeErrors(formatted(result.errors, head), req.headers['accept-language']) : undefined;
    return { status: head.status, body: stringify({ errors, data: result.data }) };
  };
  const stats = { answered: 0, declined: 0 };
  return Object.assign(async (req: IncomingMessage, body: unknown, context: () => Promise<Context>) => {
    const a = await answer(req, body, context);
    stats[a ? 'answered' : 'declined']++;
    return a;
  }, { stats });
}
