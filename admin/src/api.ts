import { HttpError } from 'ra-core';
import { currentLocale, translate } from './i18n';

/** Where the API answers: the console is served by the API server itself, so the same origin. */
export const GRAPHQL_URL = (import.meta.env.VITE_GRAPHQL_URL as string | undefined) ?? '/graphql';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    messageZh?: string;
    messageEn?: string;
    rule?: string;
    limit?: unknown;
    actual?: unknown;
    field?: string;
    validationErrors?: { field: string; messageZh: string; messageEn: string }[];
    [k: string]: unknown;
  };
}

/** The message of one error in the console's language (the server sends both). */
export function errorText(e: GqlError): string {
  const x = e.extensions ?? {};
  const text = currentLocale() === 'en' ? (x.messageEn ?? e.message) : (x.messageZh ?? e.message);
  return x.code === 'RULE_VIOLATION' && x.rule && !text.startsWith(x.rule) ? `${x.rule} ${text}` : text;
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  RULE_VIOLATION: 422,
  CONFLICT: 409,
  CLASS_FULL: 409,
};

/**
 * A failed request as react-admin expects it: `body.errors` maps fields to messages (shown
 * inline next to the inputs) and `root.serverError` lists every problem (shown at the top
 * of the form); `body.graphqlErrors` keeps the originals.
 */
export function toHttpError(errors: GqlError[]): HttpError {
  const fieldErrors: Record<string, string> = {};
  const all: string[] = [];
  for (const e of errors) {
    const text = errorText(e);
    all.push(text);
    const x = e.extensions ?? {};
    for (const v of x.validationErrors ?? []) {
      const msg = currentLocale() === 'en' ? v.messageEn : v.messageZh;
      if (v.field && !fieldErrors[v.field]) fieldErrors[v.field] = msg;
    }
    if (x.field && !fieldErrors[x.field]) fieldErrors[x.field] = text;
  }
  const first = errors[0]?.extensions?.code ?? 'ERROR';
  const status = STATUS[first] ?? 500;
  const message = [...new Set(all)].join('；');
  const validation = first === 'BAD_USER_INPUT' || first === 'RULE_VIOLATION' || first === 'CONFLICT' || first === 'CLASS_FULL';
  const body = validation ? { errors: { ...fieldErrors, root: { serverError: message } }, graphqlErrors: errors } : { graphqlErrors: errors };
  return new HttpError(message, status, body);
}

/** POSTs one GraphQL operation with the session cookie; throws an HttpError on any error. */
export async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_URL, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': currentLocale() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new HttpError(translate('app.error.network'), 0);
  }
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw new HttpError(`${translate('app.error.server')} (HTTP ${res.status})`, res.status);
  }
  if (body.errors?.length) throw toHttpError(body.errors);
  if (!body.data) throw new HttpError(translate('app.error.server'), res.status);
  return body.data;
}
