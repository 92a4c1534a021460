import { afterAll, beforeAll, expect, it } from 'vitest';
import { coreResources } from '../../core/resources/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => s?.close());

it('every core resource answers its list and count query for every role', async () => {
  for (const role of ['platform', 'bureau', 'school', 'institution', 'teacher', 'expert']) {
    const token = await s.tokenFor(role, { regionId: '330000', institutionId: 1, teacherId: 1, expertId: 1 });
    for (const r of coreResources) {
      const res = await s.gql(`{ all${r.plural}(perPage: 5) { id } _all${r.plural}Meta { count } }`, {}, { token });
      expect(res.errors, `${role} all${r.plural}`).toBeUndefined();
      expect(res.data[`_all${r.plural}Meta`].count).toBe(0);
    }
  }
});
