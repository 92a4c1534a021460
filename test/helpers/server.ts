import { boot, type Booted } from '../../core/boot.js';
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
  tokenFor: (role: string, scope?: { regionId?: string; institutionId?: number; teacherId?: number; expertId?: number }) => Promise<string>;
  close: () => Promise<void>;
}

/** Starts the real server (migrations, HTTP, GraphQL) on a fresh database and a free port. */
export async function startTestServer(opts: { plugins?: PluginEntry[] } = {}): Promise<TestServer> {
  const db = await freshDatabase();
  const booted = await boot({ config: db.config, entries: opts.plugins ?? [] });
  const app = await startApp({ ...booted, port: 0 });
  const gql: TestServer['gql'] = async (query, variables, o = {}) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.lang ? { 'accept-language': o.lang } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as object), status: res.status } as GqlResult;
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
    tokenFor,
    close: async () => {
      await app.close();
      await booted.ds.destroy();
      await db.drop();
    },
  };
}
