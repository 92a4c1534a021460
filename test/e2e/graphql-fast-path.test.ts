import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassStatus, ProjectStatus } from '../../core/entities/enums.js';
import { startApp, type RunningApp } from '../../core/server/app.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { tokensFor } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * POST /graphql answers ordinary requests past Apollo's per-request pipeline
 * (core/server/graphql-fast-path.ts) and leaves the rest to Apollo. Whichever answers, the client
 * must see the same thing: every request below goes to this server and to a second one on the
 * same database with the fast path off (SHIXUN_GRAPHQL_FAST_PATH=0), and the two answers — status,
 * content type, body byte for byte — must be equal. None of them changes the database.
 */
let s: TestServer;
let w: World;
let apolloOnly: RunningApp;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  process.env.SHIXUN_GRAPHQL_FAST_PATH = '0';
  try {
    apolloOnly = await startApp({ config: s.config, ds: s.ds, plugins: s.plugins, port: 0 });
  } finally {
    delete process.env.SHIXUN_GRAPHQL_FAST_PATH;
  }
});
afterAll(async () => {
  await apolloOnly?.close();
  await s?.close();
});

type Exchange = { status: number; type: string | null; body: string };
async function send(url: string, body: unknown, headers: Record<string, string>): Promise<Exchange> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}
const fastPathStats = async () =>
  (await (await fetch(s.url.replace(/\/graphql$/, '/health'))).json()).graphqlFastPath as { answered: number; declined: number };

describe('GraphQL fast path', () => {
  it('answers exactly as Apollo does: data, rule violations (zh and en), refusals, bad input, and what it leaves to Apollo', async () => {
    const tk = await tokensFor(s, w);
    const project = await makeProject(w, { status: ProjectStatus.published });
    const cancelled = await makeClass(w, project, { capacity: 30, status: ClassStatus.cancelled, name: 'cancelled' });
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.yh1[0] });
    const SELECT = 'mutation($c: ID!) { selectClass(classId: $c) { id status } }';
    const cases: { name: string; body: unknown; headers?: Record<string, string>; fast: boolean }[] = [
      { name: 'a query', body: { query: '{ __typename }' }, fast: true },
      { name: 'a list with relations', body: { query: 'query($p: Int) { allRegions(page: $p, perPage: 3, sortField: "id") { id name } }', variables: { p: 0 } }, headers: { authorization: `Bearer ${tk.platform}` }, fast: true },
      { name: 'C-3 refusal (zh)', body: { query: SELECT, variables: { c: cancelled.id } }, headers: { authorization: `Bearer ${teacher}` }, fast: true },
      { name: 'C-3 refusal (en)', body: { query: SELECT, variables: { c: cancelled.id } }, headers: { authorization: `Bearer ${teacher}`, 'accept-language': 'en-US,en;q=0.9' }, fast: true },
      { name: 'not found', body: { query: SELECT, variables: { c: 99_999_999 } }, headers: { authorization: `Bearer ${teacher}` }, fast: true },
      { name: 'unauthenticated', body: { query: SELECT, variables: { c: cancelled.id } }, fast: true },
      { name: 'forbidden', body: { query: SELECT, variables: { c: cancelled.id } }, headers: { authorization: `Bearer ${tk.zjBureau}` }, fast: true },
      { name: 'argument out of range', body: { query: '{ allTeachers(perPage: 100000) { id } }' }, headers: { authorization: `Bearer ${tk.platform}` }, fast: true },
      { name: 'operation picked by name', body: { query: 'query A { __typename } query B { __schema { queryType { name } } }', operationName: 'B' }, fast: true },
      { name: 'a query too long to keep parsed', body: { query: `{ __typename ${'#'.repeat(25_000)}\n}` }, fast: true },
      { name: 'accept: application/json', body: { query: '{ __typename }' }, headers: { accept: 'application/json' }, fast: true },
      { name: 'variables that do not coerce', body: { query: SELECT, variables: { c: { no: 1 } } }, headers: { authorization: `Bearer ${teacher}` }, fast: false },
      { name: 'missing variable', body: { query: SELECT }, headers: { authorization: `Bearer ${teacher}` }, fast: false },
      { name: 'unknown field', body: { query: '{ nope }' }, fast: false },
      { name: 'syntax error', body: { query: '{ __typename' }, fast: false },
      { name: 'no query', body: { variables: {} }, fast: false },
      { name: 'ambiguous operation', body: { query: 'query A { __typename } query B { __typename }' }, fast: false },
      { name: 'too deep', body: { query: `{ allInstitutions { ${'parent { '.repeat(11)}id${' }'.repeat(11)} } }` }, headers: { authorization: `Bearer ${tk.platform}` }, fast: false },
      { name: 'too complex', body: { query: `{ ${[0, 1, 2, 3, 4, 5].map((p) => `p${p}: allTeachers(perPage: 200, page: ${p}) { school { name region { name parent { name } } } changes { version after } }`).join(' ')} }` }, headers: { authorization: `Bearer ${tk.platform}` }, fast: false },
      { name: 'a batch', body: [{ query: '{ __typename }' }], fast: false },
      { name: 'persisted query', body: { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }, fast: false },
      { name: 'accept: graphql-response+json', body: { query: '{ __typename }' }, headers: { accept: 'application/graphql-response+json' }, fast: false },
      { name: 'not JSON', body: '{"query": ', fast: false },
    ];
    for (const c of cases) {
      const before = await fastPathStats();
      const fast = await send(s.url, c.body, c.headers ?? {});
      const after = await fastPathStats();
      const reference = await send(apolloOnly.url, c.body, c.headers ?? {});
      expect(fast, c.name).toEqual(reference);
      // The case took the path it is listed under (malformed JSON is refused before either).
      if (c.name !== 'not JSON') expect(after.answered - before.answered, `${c.name}: answered by the fast path`).toBe(c.fast ? 1 : 0);
    }
    // What the client sees in the two refusal cases, not only that both servers agree on it.
    const zh = JSON.parse((await send(s.url, cases[2]!.body, cases[2]!.headers!)).body);
    expect(zh.errors[0]).toMatchObject({ path: ['selectClass'], extensions: { code: 'RULE_VIOLATION', rule: 'C-3' } });
    expect(zh.errors[0].message).toMatch(/^C-3 [^a-z]/);
    const en = JSON.parse((await send(s.url, cases[3]!.body, cases[3]!.headers!)).body);
    expect(en.errors[0].message).toMatch(/^C-3 [A-Za-z]/);
  });
});
