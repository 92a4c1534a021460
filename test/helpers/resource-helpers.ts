import { expect } from 'vitest';
import type { GqlResult, TestServer } from './server.js';

/** The data of a request that must succeed (the errors are shown when it did not). */
export function ok<T = any>(r: GqlResult<T>): T {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

/** The first error of a request that must fail, checked against a code and any extensions. */
export function refused(r: GqlResult, code: string, extensions: Record<string, unknown> = {}) {
  expect(r.errors, `expected ${code}, got data ${JSON.stringify(r.data)}`).toBeDefined();
  const e = r.errors![0]!;
  expect(e.extensions, JSON.stringify(r.errors)).toMatchObject({ code, ...extensions });
  return e;
}

/**
 * Sends the same request in Chinese (default) and English and checks the error has a message
 * in each language: the Chinese one contains Chinese, the English one does not.
 */
export async function refusedInBothLanguages(
  s: TestServer,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  code: string,
  extensions: Record<string, unknown> = {},
): Promise<{ zh: string; en: string; extensions: Record<string, any> }> {
  const zh = refused(await s.gql(query, variables, { token }), code, extensions);
  const en = refused(await s.gql(query, variables, { token, lang: 'en-US' }), code, extensions);
  expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
  expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
  expect(zh.extensions!.messageZh).toBe(zh.message);
  expect(zh.extensions!.messageEn).toBe(en.message);
  return { zh: zh.message, en: en.message, extensions: zh.extensions! };
}

/** Tokens for the roles a resource test needs, by a short name. */
export async function tokens<K extends string>(
  s: TestServer,
  spec: Record<K, [string, { regionId?: string; institutionId?: number; teacherId?: number; expertId?: number }?]>,
): Promise<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const [k, [role, scope]] of Object.entries(spec) as [K, [string, Record<string, unknown>?]][]) out[k] = await s.tokenFor(role, scope ?? {});
  return out;
}
