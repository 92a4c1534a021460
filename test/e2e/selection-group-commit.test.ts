import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassStatus, EnrollmentStatus, ProjectStatus } from '../../core/entities/enums.js';
import { Enrollment, TrainingClass } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { insertTeachers, teacherToken } from '../helpers/selection.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * selectClass is decided in groups (core/workflow/selection-batch.ts): the requests that reach
 * the process while earlier ones are being written are decided together, in one transaction.
 * Whatever else is in its group, each request must get exactly the answer it would get alone —
 * C-3, C-4, scope (NOT_FOUND), the unique (teacher, class) — and nothing of a refused one may be
 * written. One burst mixes every case; the server's close() checks one audit event per success.
 */
let s: TestServer;
let w: World;

beforeAll(async () => {
  // Requests arriving within 25 ms of each other share a group, whatever the database's latency
  // (SQLite answers within the same turn of the event loop, where groups would not form by themselves).
  process.env.SHIXUN_SELECTION_LINGER_MS = '25';
  s = await startTestServer();
  w = await buildWorld(s.ds);
});
afterAll(async () => s?.close());

const SELECT = `mutation($c: ID!) { selectClass(classId: $c) { id status teacherId classId } }`;

interface Ask { token: string; teacherId: number; classId: number; expect: string }

describe('selection group commit', () => {
  it('C-3, C-4, scope and duplicates decided per request inside a group; seats and rows exact', async () => {
    const zj = await makeProject(w, { status: ProjectStatus.published });
    const small = await makeClass(w, zj, { capacity: 10 });
    const roomy = await makeClass(w, zj, { capacity: 50, name: 'roomy' });
    const cancelled = await makeClass(w, zj, { capacity: 50, status: ClassStatus.cancelled, name: 'cancelled' });
    const cq = await makeProject(w, { status: ProjectStatus.published, regionId: '500000', institutionId: w.institutions.cqTrainer });
    const cqClass = await makeClass(w, cq, { capacity: 50 });
    const draft = await makeClass(w, await makeProject(w, { status: ProjectStatus.draft }), { capacity: 50, name: 'draft' });

    const yh = await insertTeachers(w, 61, { id: w.schools.yh1, regionId: w.regions.yh });
    const cqTeachers = await insertTeachers(w, 20, { id: w.schools.cq1, regionId: w.regions.cqYuzhong });
    const tokens = new Map<number, string>();
    for (const id of [...yh, ...cqTeachers]) tokens.set(id, await teacherToken(s, id));

    // One teacher already holds a seat in `roomy` before the burst.
    const earlier = yh[60]!;
    const first = await s.gql(SELECT, { c: roomy.id }, { token: tokens.get(earlier)! });
    expect(first.data?.selectClass?.status).toBe(EnrollmentStatus.pending);

    const asks: Ask[] = [];
    const ask = (teacherId: number, classId: number, expected: string) => asks.push({ token: tokens.get(teacherId)!, teacherId, classId, expect: expected });
    for (const t of yh.slice(0, 30)) ask(t, small.id, 'ok|CLASS_FULL'); // C-4: 10 seats for 30
    for (const t of yh.slice(30, 40)) ask(t, cancelled.id, 'RULE_VIOLATION'); // C-3
    for (const t of yh.slice(40, 45)) ask(t, cqClass.id, 'NOT_FOUND'); // Chongqing's catalogue is not Yuhang's
    for (const t of cqTeachers) ask(t, cqClass.id, 'ok');
    for (const t of yh.slice(45, 50)) ask(t, draft.id, 'NOT_FOUND'); // not published: in nobody's catalogue
    for (const t of yh.slice(50, 55)) ask(t, 99_999_999, 'NOT_FOUND');
    for (let k = 0; k < 8; k++) ask(yh[55]!, roomy.id, 'ok|CONFLICT'); // a double-click storm
    ask(earlier, roomy.id, 'CONFLICT');
    for (const t of yh.slice(56, 60)) ask(t, roomy.id, 'ok');
    // A fixed shuffle, so that every group mixes the cases.
    asks.sort((a, b) => ((a.teacherId * 7919 + a.classId * 31) % 101) - ((b.teacherId * 7919 + b.classId * 31) % 101));

    const health = async () => (await (await fetch(s.url.replace(/\/graphql$/, '/health'))).json()).selectionGroups as { groups: number; requests: number };
    const before = await health();
    const results = await Promise.all(asks.map((a) => s.gql(SELECT, { c: a.classId }, { token: a.token })));
    const after = await health();
    // The burst was decided in groups, not one by one.
    expect(after.requests - before.requests).toBe(asks.length);
    expect(after.groups - before.groups).toBeLessThan(asks.length / 2);

    const outcome = results.map((r) => (r.data?.selectClass ? 'ok' : String(r.errors?.[0]?.extensions?.code)));
    asks.forEach((a, i) => expect(a.expect.split('|'), `teacher ${a.teacherId} class ${a.classId}: ${JSON.stringify(results[i]!.errors)}`).toContain(outcome[i]));
    const count = (classId: number, o: string) => asks.filter((a, i) => a.classId === classId && outcome[i] === o).length;
    expect(count(small.id, 'ok')).toBe(10);
    expect(count(small.id, 'CLASS_FULL')).toBe(20);
    // The storm: exactly one of the eight, the others told which selection is there.
    const storm = asks.flatMap((a, i) => (a.teacherId === yh[55] ? [results[i]!] : []));
    expect(storm.filter((r) => r.data?.selectClass)).toHaveLength(1);
    const stormId = storm.find((r) => r.data?.selectClass)!.data!.selectClass.id;
    for (const r of storm.filter((r) => !r.data?.selectClass)) expect(r.errors![0]!.extensions!.enrollmentId).toBe(stormId);
    // Refusals carry their rule and figures.
    const full = results[outcome.indexOf('CLASS_FULL')]!.errors![0]!.extensions!;
    expect([full.rule, full.limit, full.actual]).toEqual(['C-4', 10, 10]);
    expect(results[asks.findIndex((a) => a.classId === cancelled.id)]!.errors![0]!.extensions!.rule).toBe('C-3');
    // Each success answers for its own teacher and class.
    asks.forEach((a, i) => {
      const e = results[i]!.data?.selectClass;
      if (e) expect([Number(e.teacherId), Number(e.classId)]).toEqual([a.teacherId, a.classId]);
    });

    // The database: one row per success (plus the earlier one), seats equal to rows, nothing refused written.
    const classes = [small, roomy, cancelled, cqClass, draft];
    const rows = await s.ds.getRepository(Enrollment).find({ where: classes.map((c) => ({ classId: c.id })) });
    expect(rows).toHaveLength(outcome.filter((o) => o === 'ok').length + 1);
    for (const c of classes) {
      const now = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: c.id });
      expect(now.enrolled, `class ${c.name}`).toBe(rows.filter((r) => r.classId === c.id).length);
    }
    expect(rows.filter((r) => r.classId === cancelled.id || r.classId === draft.id)).toHaveLength(0);
  });
});
