import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { boot, type Booted } from '../../core/boot.js';
import { In, Not } from 'typeorm';
import { AuditEvent } from '../../core/entities/index.js';

/** Audit operations written by REST endpoints, not GraphQL mutations. */
const REST_AUDITED_OPERATIONS = ['importTeachers'];
import type { PluginEntry } from '../../core/plugin-host/types.js';
import { startApp } from '../../core/server/app.js';
import { freshDatabase } from './test-db.js';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  status: number;
}

export interface TestServer extends Booted {
  url: string;
  /** POSTs a GraphQL request over HTTP as a real client would. */
  gql: <T = any>(query: string, variables?: Record<string, unknown>, opts?: { token?: string; lang?: string }) => Promise<GqlResult<T>>;
  /** A development-login token for a role and scope. */
  /** The raw exchange, for tests that read headers (cookies). */
  post: (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<{ res: Response; body: GqlResult }>;
  tokenFor: (role: string, scope?: { regionId?: string; institutionId?: number; teacherId?: number; expertId?: number }) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * The plugins a test asks for; with SHIXUN_TEST_ALL_PLUGINS set (npm test's plugin pass),
 * every plugin of plugins.config.ts is enabled as well, so each plugin's tests also run
 * beside all the others.
 */
async function pluginEntries(asked: PluginEntry[]): Promise<PluginEntry[]> {
  if (!process.env.SHIXUN_TEST_ALL_PLUGINS) return asked;
  const all = (await import('../../plugins.config.js')).default as PluginEntry[];
  const names = new Set(asked.map((e) => e.definition.name));
  return [...all.filter((e) => !names.has(e.definition.name)), ...asked];
}

/** Starts the real server (migrations, HTTP, GraphQL) on a fresh database and a free port. */
export async function startTestServer(opts: { plugins?: PluginEntry[] } = {}): Promise<TestServer> {
  const db = await freshDatabase();
  const booted = await boot({ config: db.config, entries: await pluginEntries(opts.plugins ?? []) });
  const app = await startApp({ ...booted, port: 0 });
  // Every successful root mutation field must leave exactly one audit event (checked on close).
  let mutationsOk = 0;
  const mutationFields = (query: string): string[] => {
    try {
      const ops = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation');
      return ops.flatMap((op) => op.selectionSet.selections.flatMap((f) => (f.kind === Kind.FIELD ? [f.alias?.value ?? f.name.value] : [])));
    } catch {
      return [];
    }
  };
  /** POSTs a GraphQL request and counts the mutations that succeeded. */
  const post: TestServer['post'] = async (query, variables, headers = {}) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    for (const field of mutationFields(query)) {
      const failed = body.errors?.some((e) => e.path?.[0] === field || !e.path);
      if (!failed && body.data && field in body.data) mutationsOk++;
    }
    return { res, body };
  };
  const gql: TestServer['gql'] = async (query, variables, o = {}) => {
    const { res, body } = await post(query, variables, {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.lang ? { 'accept-language': o.lang } : {}),
    });
    return { ...body, status: res.status };
  };
  const tokenFor: TestServer['tokenFor'] = async (role, scope = {}) => {
    const r = await gql<{ devLogin: string }>(
      `mutation($role: String!, $regionId: ID, $institutionId: ID, $teacherId: ID, $expertId: ID) {
        devLogin(role: $role, regionId: $regionId, institutionId: $institutionId, teacherId: $teacherId, expertId: $expertId) }`,
      { role, ...scope },
    );
    if (!r.data?.devLogin) throw new Error(`devLogin failed: ${JSON.stringify(r.errors)}`);
    return r.data.devLogin;
  };
  return {
    ...booted,
    url: app.url,
    gql,
    post,
    tokenFor,
    close: async () => {
      await app.close();
      // REST writes (the roster import's commit) leave their own events; here only GraphQL mutations are counted.
      const events = await booted.ds.getRepository(AuditEvent).count({ where: { operation: Not(In(REST_AUDITED_OPERATIONS)) } });
      if (events !== mutationsOk) {
        const ops = (await booted.ds.getRepository(AuditEvent).find()).map((e) => e.operation).join(', ');
        await booted.ds.destroy();
        await db.drop();
        throw new Error(`audit log: ${mutationsOk} successful mutations over HTTP but ${events} audit events (${ops})`);
      }
      await booted.ds.destroy();
      await db.drop();
    },
  };
}
