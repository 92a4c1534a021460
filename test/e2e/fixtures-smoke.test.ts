import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
beforeAll(async () => { s = await startTestServer(); w = await buildWorld(s.ds); });
afterAll(async () => s?.close());

it('a bureau reads a submitted project in its region with its curriculum and classes in one request', async () => {
  const p = await makeProject(w, { status: 'submitted' as never });
  await makeClass(w, p);
  const token = await s.tokenFor('bureau', { regionId: w.regions.zj });
  const r = await s.gql(`{ allProjects { name institution { name } curriculum { title hours kind tags } } allClasses { name capacity sessions { title hours } } }`, {}, { token });
  expect(r.errors).toBeUndefined();
  expect(r.data.allProjects[0]).toMatchObject({ institution: { name: '杭州师范大学' }, curriculum: [{ hours: 8, kind: 'theory', tags: ['教师专业标准'] }, { hours: 16 }] });
  expect(r.data.allClasses[0].sessions).toHaveLength(2);
  const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
  expect((await s.gql(`{ allProjects { id } }`, {}, { token: cq })).data.allProjects).toEqual([]);
});
