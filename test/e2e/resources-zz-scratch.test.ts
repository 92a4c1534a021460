import { afterAll, beforeAll, expect, it } from 'vitest';
import { ProjectStatus } from '../../core/entities/enums.js';
import { buildWorld, makeClass, makeProject } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => s?.close());
it('x', async () => {
  const w = await buildWorld(s.ds);
  const p = await makeProject(w, { status: ProjectStatus.published });
  await makeClass(w, p);
  const token = await s.tokenFor('platform');
  const orig = s.counter.logQuery.bind(s.counter);
  s.counter.logQuery = (q: string, p?: unknown[]) => { console.log(q, p); orig(q, p); };
  const r = await s.gql(`{ allProjects { id classes { id __typename } curriculum { title } transitions { id } feeItems { id } experts { id } } }`, {}, { token });
  console.log(JSON.stringify(r, null, 1));
});
