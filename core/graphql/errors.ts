import { GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Violation } from '../plugin-host/types.js';

export type ErrorCode =
  | 'RULE_VIOLATION'
  | 'CLASS_FULL'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'BAD_USER_INPUT'
  | 'CONFLICT';

/**
 * A refusal is an answer, not a fault: its stack says nothing, and collecting one (twice per
 * error: Error's constructor and GraphQLError's captureStackTrace) or formatting it (with source
 * maps, when GraphQL wraps the error) costs more than deciding the refusal. None is collected
 * (Error.stackTraceLimit 0 while the error is built); the stack is then set to the message.
 */
function answerStack(e: GraphQLError): void {
  e.stack = `${e.name}: ${e.message}`;
}

/**
 * A refusal thrown by a root resolver, placed at its field as graphql-js would place it, but
 * built without a stack: graphql-js wraps an error that has no path in a new one, and V8 then
 * formats the wrapper's stack (through the source maps) — in a selection rush, where a third of
 * the answers are CLASS_FULL, that cost more than deciding the refusal. Other errors pass as they are.
 */
export function located(err: unknown, info: GraphQLResolveInfo): unknown {
  if (!(err instanceof AppError || err instanceof RuleViolations) || err.path) return err;
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(err.message, { nodes: info.fieldNodes, path, originalError: err, extensions: err.extensions });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** An error for the user: a code, a message in Chinese and English, and any data the client needs. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, messageZh: string, messageEn: string, extra: Record<string, unknown> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(messageZh, { extensions: { code, messageZh, messageEn, ...extra } });
    } finally {
      Error.stackTraceLimit = limit;
    }
    answerStack(this);
  }
}

export const notFound = (type: string, id: unknown) =>
  new AppError('NOT_FOUND', `未找到${type} ${id}`, `${type} ${id} not found`, { type, id: String(id) });

export const badInput = (messageZh: string, messageEn: string, field?: string) =>
  new AppError('BAD_USER_INPUT', messageZh, messageEn, field ? { field } : {});

export const forbidden = (messageZh = '无权执行此操作', messageEn = 'Not allowed for your role and scope') =>
  new AppError('FORBIDDEN', messageZh, messageEn);

/** One or more rule violations refusing an action; the response lists each as its own error. */
export class RuleViolations extends GraphQLError {
  readonly violations: Violation[];
  constructor(violations: Violation[], code: ErrorCode = 'RULE_VIOLATION') {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(violations.map((v) => `${v.rule} ${v.messageZh}`).join('；'), { extensions: { code, violations } });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.violations = violations;
    answerStack(this);
  }
}

export function throwIfViolations(violations: Violation[]): void {
  if (violations.length) throw new RuleViolations(violations);
}

function violationError(v: Violation, code: string, base: GraphQLFormattedError, english: boolean): GraphQLFormattedError {
  const { rule, limit = null, actual = null, messageZh, messageEn, field } = v;
  return {
    message: english ? `${rule} ${messageEn}` : `${rule} ${messageZh}`,
    locations: base.locations,
    path: base.path,
    extensions: { code, rule, limit, actual, messageZh, messageEn, ...(field ? { field } : {}) },
  };
}

/** Accept-Language puts English first (zh-CN otherwise): the one rule for the answer's language. */
export const wantsEnglish = (header: string | undefined) => !!header && /^en/i.test(header.trim());

/**
 * The errors as the client sees them: each RuleViolations expanded into one GraphQL error per
 * violation, the message in English when Accept-Language asks for it (zh-CN otherwise).
 */
export function shapeErrors(errors: readonly GraphQLFormattedError[], acceptLanguage: string | undefined): GraphQLFormattedError[] {
  const english = wantsEnglish(acceptLanguage);
  return errors.flatMap((e) => {
    const ext = e.extensions ?? {};
    const violations = ext.violations as Violation[] | undefined;
    if (violations) return violations.map((v) => violationError(v, String(ext.code), e, english));
    if (english && typeof ext.messageEn === 'string') return [{ ...e, message: ext.messageEn }];
    return [e];
  });
}

/**
 * `shapeErrors` as an Apollo plugin; formatError (below) has already hidden internal errors
 * behind a generic message so a bug never leaks SQL or stack traces.
 */
export function errorShapePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, request }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = shapeErrors(response.body.singleResult.errors, request.http?.headers.get('accept-language'));
        },
      };
    },
  };
}

/** Apollo formatError: unknown errors become INTERNAL_SERVER_ERROR without details. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const known = code && code !== 'INTERNAL_SERVER_ERROR';
  if (known) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    // GraphQL's own input errors (bad variables, unknown fields) come in English only.
    if (!extensions.messageZh && (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED')) {
      extensions.messageZh = `请求不合法：${formatted.message}`;
      extensions.messageEn = formatted.message;
      return { ...formatted, message: extensions.messageZh as string, extensions };
    }
    return { ...formatted, extensions };
  }
  // Argument validation from type-graphql/class-validator is the user's input, not our fault.
  const original = (error as { originalError?: { extensions?: { code?: string }; validationErrors?: unknown } }).originalError;
  if (original?.validationErrors || original?.extensions?.code === 'BAD_USER_INPUT') {
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', messageZh: '输入不合法', messageEn: formatted.message } };
  }
  if (process.env.SHIXUN_DEBUG_ERRORS) console.error(error);
  else console.error('[graphql]', formatted.path?.join('.'), (original as Error | undefined)?.message ?? formatted.message);
  return {
    message: '服务器内部错误 (internal server error)',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', messageZh: '服务器内部错误', messageEn: 'Internal server error' },
  };
}
