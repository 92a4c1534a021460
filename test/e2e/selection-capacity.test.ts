import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentStatus, ProjectStatus } from '../../core/entities/enums.js';
import { Enrollment, TrainingClass } from '../../core/entities/index.js';
import { selectionTxStats } from '../../core/workflow/selection-tx.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { insertTeachers, teacherToken } from '../helpers/selection.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-db.js';

let s: TestServer;
let w: World;
let seated: { classId: number; enrollmentIds: number[]; losers: number[]; tokens: Map<number, string> };

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
});
afterAll(async () => s?.close());

const SELECT = `mutation($classId: ID!) { selectClass(classId: $classId) { id status } }`;

describe('selection under load', () => {
  it('C-4: 300 teachers selecting a 50-seat class at once over HTTP → exactly 50 seats, 250 CLASS_FULL', async () => {
    const project = await makeProject(w, { status: ProjectStatus.published });
    const cls = await makeClass(w, project, { capacity: 50 });
    const teachers = await insertTeachers(w, 300, { id: w.schools.yh1, regionId: w.regions.yh });
    const tokens = await Promise.all(teachers.map((id) => teacherToken(s, id)));

    const t0 = Date.now();
    const results = await Promise.all(tokens.map((token) => s.gql(SELECT, { classId: cls.id }, { token })));
    const ms = Date.now() - t0;
    console.log(`[C-4] 300 concurrent selectClass on ${testDialect}: ${ms} ms, deadlock retries ${selectionTxStats.deadlockRetries}`);

    const ok = results.filter((r) => r.data?.selectClass);
    const full = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CLASS_FULL');
    const other = results.filter((r) => !r.data?.selectClass && r.errors?.[0]?.extensions?.code !== 'CLASS_FULL');
    expect(other.map((r) => r.errors), 'no other outcome (deadlock, internal error)').toEqual([]);
    expect(ok).toHaveLength(50);
    expect(full).toHaveLength(250);
    for (const r of full) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'CLASS_FULL', rule: 'C-4', limit: 50, actual: 50 });
      expect(r.errors![0]!.message).toMatch(/^C-4 /);
    }

    const after = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: cls.id });
    const count = await s.ds.getRepository(Enrollment).countBy({ classId: cls.id });
    expect(after.enrolled).toBe(50);
    expect(count).toBe(50);
    expect(new Set(ok.map((r) => r.data.selectClass.id)).size).toBe(50);
    seated = { classId: cls.id, enrollmentIds: ok.map((r) => Number(r.data.selectClass.id)), losers: teachers.filter((_, i) => !results[i]!.data?.selectClass), tokens: new Map(teachers.map((id, i) => [id, tokens[i]!])) };
  });

  it('C-4: withdrawals, rejections and new selections racing keep enrolled = seats held, never above capacity', async () => {
    const { classId, enrollmentIds, losers, tokens } = seated;
    const rows = await s.ds.getRepository(Enrollment).findBy({ classId });
    const byId = new Map(rows.map((e) => [e.id, e]));
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    const withdraw = enrollmentIds.slice(0, 25).map((id) =>
      s.gql(`mutation($id: ID!) { withdrawSelection(enrollmentId: $id, reason: "工作冲突") { status } }`, { id }, { token: tokens.get(byId.get(id)!.teacherId)! }));
    const reject = enrollmentIds.slice(25, 40).map((id) =>
      s.gql(`mutation($id: ID!) { reviewSelection(enrollmentId: $id, decision: reject, reason: "名额调整") { status } }`, { id }, { token: school }));
    const select = losers.map((t) => s.gql(SELECT, { classId }, { token: tokens.get(t)! }));
    const t0 = Date.now();
    const [w1, r1, s1] = await Promise.all([Promise.all(withdraw), Promise.all(reject), Promise.all(select)]);
    console.log(`[C-4] 25 withdrawals + 15 rejections + 250 selections racing on ${testDialect}: ${Date.now() - t0} ms, deadlock retries ${selectionTxStats.deadlockRetries}`);

    expect(w1.map((r) => r.errors)).toEqual(w1.map(() => undefined));
    expect(r1.map((r) => r.errors)).toEqual(r1.map(() => undefined));
    const odd = s1.filter((r) => !r.data?.selectClass && r.errors?.[0]?.extensions?.code !== 'CLASS_FULL');
    expect(odd.map((r) => r.errors)).toEqual([]);
    const gained = s1.filter((r) => r.data?.selectClass).length;
    expect(gained).toBeLessThanOrEqual(40);

    const after = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: classId });
    const holding = await s.ds.getRepository(Enrollment).count({ where: [{ classId, status: EnrollmentStatus.pending }, { classId, status: EnrollmentStatus.approved }] });
    expect(after.enrolled).toBe(holding);
    expect(after.enrolled).toBe(50 - 40 + gained);
    expect(after.enrolled).toBeLessThanOrEqual(50);
  });
});
