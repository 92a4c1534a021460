import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
});
afterAll(async () => s?.close());

describe('audit log', () => {
  it('a mutation appends one event with actor, operation, entity, before/after of the changed fields and the request id', async () => {
    const token = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    const id = w.teachers.yh1[0];
    const r = await s.post(`mutation($id: ID!) { updateTeacher(id: $id, data: { subject: "数学" }) { id } }`, { id }, { authorization: `Bearer ${token}`, 'x-request-id': 'req-audit-1' });
    expect(r.body.errors).toBeUndefined();
    const platform = await s.tokenFor('platform');
    const log = await s.gql(`{ allAuditEvents(filter: { requestId: "req-audit-1" }) { actor role operation entity entityId changes requestId } }`, {}, { token: platform });
    expect(log.data.allAuditEvents).toHaveLength(1);
    const e = log.data.allAuditEvents[0];
    expect(e).toMatchObject({ actor: `dev:school:${w.schools.yh1}`, role: 'school', operation: 'updateTeacher', entity: 'Teacher', entityId: String(id) });
    const changes = JSON.parse(e.changes);
    expect(changes[0]).toMatchObject({ entity: 'Teacher', op: 'update', before: { subject: '语文' }, after: { subject: '数学' } });
    expect(changes.some((c: { entity: string }) => c.entity === 'TeacherChange')).toBe(true);
  });

  it('a refused mutation leaves no event and writes nothing', async () => {
    const platform = await s.tokenFor('platform');
    const token = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    const before = (await s.gql(`{ _allAuditEventsMeta { count } }`, {}, { token: platform })).data._allAuditEventsMeta.count;
    const r = await s.gql(`mutation($id: ID!) { updateTeacher(id: $id, data: { idNumber: "330110198001011234" }) { id } }`, { id: w.teachers.yh1[0] }, { token });
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await s.gql(`{ _allAuditEventsMeta { count } }`, {}, { token: platform })).data._allAuditEventsMeta.count).toBe(before);
  });

  it('is read within scope: a Chongqing bureau does not see Zhejiang events', async () => {
    const zj = await s.tokenFor('bureau', { regionId: '330000' });
    const cq = await s.tokenFor('bureau', { regionId: '500000' });
    expect((await s.gql(`{ _allAuditEventsMeta(filter: { operation: "updateTeacher" }) { count } }`, {}, { token: zj })).data._allAuditEventsMeta.count).toBe(1);
    expect((await s.gql(`{ _allAuditEventsMeta(filter: { operation: "updateTeacher" }) { count } }`, {}, { token: cq })).data._allAuditEventsMeta.count).toBe(0);
  });

  it('mutations at once keep their own changes: requests in parallel, and root mutations of one request', async () => {
    const token = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    const platform = await s.tokenFor('platform');
    const ids = w.teachers.yh1.slice(1);
    // Every request in flight together (one transaction each, interleaved on MySQL's pool).
    const answers = await Promise.all(ids.map((id, k) => s.post(`mutation($id: ID!) { updateTeacher(id: $id, data: { subject: "S${k}" }) { id } }`, { id },
      { authorization: `Bearer ${token}`, 'x-request-id': `req-par-${k}` })));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    for (const [k, id] of ids.entries()) {
      const log = await s.gql(`{ allAuditEvents(filter: { requestId: "req-par-${k}" }) { operation entityId changes } }`, {}, { token: platform });
      expect(log.data.allAuditEvents).toHaveLength(1);
      const e = log.data.allAuditEvents[0];
      expect(e.entityId).toBe(String(id));
      const teacherRows = JSON.parse(e.changes).filter((c: { entity: string }) => c.entity === 'Teacher');
      expect(teacherRows).toEqual([expect.objectContaining({ id: String(id), op: 'update', after: expect.objectContaining({ subject: `S${k}` }) })]);
    }
    // Two root mutations in one request: two events, each with its own row.
    const [a, b] = ids;
    const r = await s.post(`mutation($a: ID!, $b: ID!) { x: updateTeacher(id: $a, data: { subject: "X" }) { id } y: updateTeacher(id: $b, data: { subject: "Y" }) { id } }`, { a, b },
      { authorization: `Bearer ${token}`, 'x-request-id': 'req-two-roots' });
    expect(r.body.errors).toBeUndefined();
    const two = (await s.gql(`{ allAuditEvents(filter: { requestId: "req-two-roots" }, sortField: "id", sortOrder: "ASC") { entityId changes } }`, {}, { token: platform })).data.allAuditEvents;
    expect(two.map((e: { entityId: string }) => e.entityId)).toEqual([String(a), String(b)]);
    expect(JSON.parse(two[1].changes).filter((c: { entity: string }) => c.entity === 'Teacher')).toEqual([expect.objectContaining({ id: String(b), after: expect.objectContaining({ subject: 'Y' }) })]);
  });

  it('cannot be edited or deleted through any API', async () => {
    const token = await s.tokenFor('platform');
    const schema = await s.gql(`{ __schema { mutationType { fields { name } } } }`, {}, { token });
    const names: string[] = schema.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n) => /auditevent/i.test(n))).toEqual([]);
  });
});
