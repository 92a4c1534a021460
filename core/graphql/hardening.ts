import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from './context.js';

export const MAX_DEPTH = 12;
export const MAX_COMPLEXITY = 10_000;

function refuse(code: string, zh: string, en: string, limit: number | null, actual: number | null, status = 400): GraphQLError {
  return new GraphQLError(zh, { extensions: { code, messageZh: zh, messageEn: en, limit, actual, http: { status } } });
}

/** Deepest field nesting of the operation, following fragments. */
export function queryDepth(doc: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const s of set.selections) {
      // Introspection (GraphiQL's schema query nests deep by nature) is not data; production limits it to administrators.
      if (s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type')) continue;
      if (s.kind === Kind.FIELD) max = Math.max(max, s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1);
      else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, seen));
      else if (!seen.has(s.name.value)) max = Math.max(max, depthOf(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value])));
    }
    return max;
  };
  let max = 0;
  for (const d of doc.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) max = Math.max(max, depthOf(d.selectionSet, new Set()));
  return max;
}

/** A page of N rows costs N times its row (N capped at the page limit, which refuses larger pages itself). */
const pageEstimator = (maxPage: number): ComplexityEstimator => ({ args, childComplexity }) =>
  typeof args.perPage === 'number' ? (childComplexity + 1) * Math.min(args.perPage, maxPage) : undefined;

/** An upper bound of pageEstimator whatever the variables: every field that pages is a full page. */
const pageBound = (maxPage: number): ComplexityEstimator => ({ field, childComplexity }) =>
  field.args.some((a) => a.name === 'perPage') ? (childComplexity + 1) * maxPage : undefined;

/** @include / @skip can make a document cheaper per request, never dearer; such documents are measured every time. */
const hasDirectives = (doc: DocumentNode): boolean => {
  let found = false;
  visit(doc, { Directive: () => { found = true; return BREAK; } });
  return found;
};

/** Depth and complexity bound per parsed document and operation. */
const measures = new WeakMap<DocumentNode, Map<string | null, { depth: number; bound?: number | null }>>();
function measured(doc: DocumentNode, operationName: string | null): { depth: number; bound?: number | null } {
  let byOp = measures.get(doc);
  if (!byOp) measures.set(doc, (byOp = new Map()));
  let m = byOp.get(operationName);
  if (!m) byOp.set(operationName, (m = { depth: queryDepth(doc, operationName) }));
  return m;
}

function mentionsIntrospection(doc: DocumentNode): boolean {
  let found = false;
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type')) found = true;
      if ('selectionSet' in s) walk(s.selectionSet);
    }
  };
  for (const d of doc.definitions) if ('selectionSet' in d) walk(d.selectionSet);
  return found;
}

/** A refusal of the operation before it runs, or null; see `operationCheck`. */
export type OperationCheck = (document: DocumentNode, operationName: string | null, variables: Record<string, unknown>, actor: Context['actor']) => GraphQLError | null;

/**
 * Depth and complexity limits for every operation; introspection (and so the IDE's schema)
 * for everyone in development and only for platform administrators in production.
 */
export function operationCheck(schema: GraphQLSchema, production: boolean, maxPageSize: number): OperationCheck {
  return (document, operationName, variables, actor) => {
    if (production && mentionsIntrospection(document) && actor?.role !== 'platform')
      return refuse('FORBIDDEN', '生产环境仅平台管理员可查看接口结构', 'In production only platform administrators may introspect the schema', null, null, 403);
    const known = measured(document, operationName);
    if (known.depth > MAX_DEPTH)
      return refuse('QUERY_TOO_DEEP', `查询嵌套过深（${known.depth} > ${MAX_DEPTH}）`, `Query too deep (${known.depth} > ${MAX_DEPTH})`, MAX_DEPTH, known.depth);
    const complexityOf = (estimator: ComplexityEstimator) =>
      getComplexity({
        schema,
        query: document,
        operationName: operationName ?? undefined,
        variables,
        estimators: [estimator, simpleEstimator({ defaultComplexity: 1 })],
      });
    let complexity: number;
    try {
      // A document whose every page is as large as allowed stays within the limit whatever
      // its variables: decided once per document (parsed documents are kept), not per request.
      if (known.bound === undefined) known.bound = hasDirectives(document) ? null : complexityOf(pageBound(maxPageSize));
      if (known.bound !== null && known.bound <= MAX_COMPLEXITY) return null;
      complexity = complexityOf(pageEstimator(maxPageSize));
    } catch {
      // Variables that do not fit their types: execution reports them as BAD_USER_INPUT.
      return null;
    }
    if (complexity > MAX_COMPLEXITY)
      return refuse('QUERY_TOO_COMPLEX', `查询过于复杂（${complexity} > ${MAX_COMPLEXITY}）`, `Query too complex (${complexity} > ${MAX_COMPLEXITY})`, MAX_COMPLEXITY, complexity);
    return null;
  };
}

/** `operationCheck` as an Apollo plugin. */
export function hardeningPlugin(check: OperationCheck): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const refusal = check(document, request.operationName ?? null, request.variables ?? {}, contextValue.actor);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
