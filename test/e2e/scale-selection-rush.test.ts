import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassStatus, EnrollmentStatus, ProjectStatus } from '../../core/entities/enums.js';
import { Enrollment, TrainingClass } from '../../core/entities/index.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { day, freshLead, periodData, savePeriod } from '../../plugins/zhejiang/testing.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { tokensFor } from '../helpers/project-workflow.js';
import { insertTeachers, teacherToken } from '../helpers/selection.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * P1 of BENCHMARKS.md at a small size: a selection rush over HTTP with the Zhejiang round rules
 * on (round 1 open today). However the requests interleave, no class ends over capacity, every
 * class's `enrolled` equals the selections holding a seat, every acknowledged selection is in
 * the database, and nothing is there that was not acknowledged.
 */
let s: TestServer;
let w: World;

beforeAll(async () => {
  s = await startTestServer({ plugins: [zhejiang()] });
  w = await buildWorld(s.ds);
  const tk = await tokensFor(s, w);
  const past = { declareFrom: -60, declareTo: -50, reviewFrom: -49, reviewTo: -45, publishOn: -44, teacherDataFrom: -60, teacherDataTo: -46 };
  await savePeriod(s, tk.zjBureau, periodData('2098H1', '压力测试周期', day(20), day(100), { ...past, round1From: -1, round1To: 2, round2From: 5, round2To: 8 }));
});
afterAll(async () => s?.close());

const SELECT = `mutation($c: ID!) { selectClass(classId: $c) { id status } }`;

describe('P1: selection rush', () => {
  it('C-4: 240 teachers rushing 8 classes (120 seats) at once: 0 over capacity, 0 acknowledged selections lost', async () => {
    const classes: TrainingClass[] = [];
    for (let k = 0; k < 8; k++) {
      const project = await makeProject(w, { name: `压力测试项目${k}`, status: ProjectStatus.published, leadExpertId: await freshLead(w), startDate: day(30), endDate: day(32) });
      classes.push(await makeClass(w, project, { capacity: 5 + 5 * (k % 4), status: ClassStatus.published }));
    }
    const seats = classes.reduce((a, c) => a + c.capacity, 0);
    const teachers = await insertTeachers(w, 240, { id: w.schools.yh1, regionId: w.regions.yh }, '1981-03-03');
    const tokens = await Promise.all(teachers.map((id) => teacherToken(s, id)));
    // Popular classes first: the first class is asked for about as often as the last four together.
    const choice = teachers.map((_, i) => classes[[0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7][i % 11]!]!);

    const groups = async () => (await (await fetch(s.url.replace(/\/graphql$/, '/health'))).json()).selectionGroups as { fallbacks: number };
    const before = await groups();
    const results = await Promise.all(teachers.map((_, i) => s.gql(SELECT, { c: choice[i]!.id }, { token: tokens[i]! })));
    // One selection per teacher, so no group had a reason to fail and be redone one by one (right answers, lost speed).
    expect((await groups()).fallbacks - before.fallbacks).toBe(0);
    const codes = results.map((r) => (r.data?.selectClass ? 'ok' : r.errors?.[0]?.extensions?.code));
    expect(codes.filter((c) => c !== 'ok' && c !== 'CLASS_FULL'), JSON.stringify(results.find((r) => r.errors && r.errors[0]?.extensions?.code !== 'CLASS_FULL')?.errors)).toEqual([]);

    const acked = new Map<number, number>();
    results.forEach((r, i) => r.data?.selectClass && acked.set(Number(r.data.selectClass.id), i));
    const rows = await s.ds.getRepository(Enrollment).find({ where: classes.map((c) => ({ classId: c.id })) });
    // Every acknowledged selection is there, for its teacher and class; nothing else is.
    for (const [id, i] of acked) {
      const row = rows.find((e) => e.id === id);
      expect(row, `acknowledged selection ${id} lost`).toBeDefined();
      expect([row!.teacherId, row!.classId]).toEqual([teachers[i], choice[i]!.id]);
    }
    expect(rows).toHaveLength(acked.size);
    for (const c of classes) {
      const after = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: c.id });
      const holding = rows.filter((e) => e.classId === c.id && (e.status === EnrollmentStatus.pending || e.status === EnrollmentStatus.approved)).length;
      expect(after.enrolled, `class ${c.id}`).toBeLessThanOrEqual(c.capacity);
      expect(after.enrolled).toBe(holding);
    }
    // The popular classes filled up exactly; the total is bounded by the seats.
    expect(acked.size).toBeLessThanOrEqual(seats);
    const first = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: classes[0]!.id });
    expect(first.enrolled).toBe(first.capacity);
    expect(codes.filter((c) => c === 'CLASS_FULL').length).toBe(240 - acked.size);
  });
});
