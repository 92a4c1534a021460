import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/actor.js';
import { EnrollmentStatus, ProjectLevel, ProjectStatus, Stage } from '../../core/entities/enums.js';
import { Enrollment, Project, Teacher, type TrainingClass } from '../../core/entities/index.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { defaults } from '../../plugins/zhejiang/options.js';
import { zhejiangSteps } from '../../plugins/zhejiang/rules/selection.js';
import { day, freshLead, periodData, savePeriod, submitForm, today } from '../../plugins/zhejiang/testing.js';
import { approveEnrollments } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { teacherToken } from '../helpers/selection.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Zhejiang selection rules: rounds and their windows (ZJ-9, ZJ-10), the school's planning of
 * 90-credit trainings (ZJ-1), the review steps (ZJ-2, ZJ-10), the schedule lead time (ZJ-6),
 * the teacher-data window (ZJ-9) and the places report (ZJ-11).
 * Period P1 has round 1 open today; period P2 has round 2 open today.
 */
let s: TestServer;
let w: World;
let tk: Tokens;
let p1: number;

const SELECT = `mutation($c: ID!, $r: Int) { selectClass(classId: $c, round: $r) { id round status steps } }`;
const NOMINATE = `mutation($c: ID!, $t: ID!, $r: Int) { nominateTeacher(classId: $c, teacherId: $t, round: $r) { id status } }`;
const PUBLISH_SCHEDULE = `mutation($id: ID!) { publishClassSchedule(classId: $id) { id status } }`;

beforeAll(async () => {
  s = await startTestServer({ plugins: [zhejiang()] });
  w = await buildWorld(s.ds, { teachersPerSchool: 6 });
  tk = await tokensFor(s, w);
  const past = { declareFrom: -60, declareTo: -50, reviewFrom: -49, reviewTo: -45, publishOn: -44, teacherDataFrom: -60, teacherDataTo: -46 };
  p1 = await savePeriod(s, tk.zjBureau, periodData('2099H1', '第一期', day(20), day(100), { ...past, round1From: -2, round1To: 3, round2From: 6, round2To: 9 }));
  await savePeriod(s, tk.zjBureau, periodData('2099H2', '第二期', day(101), day(200), { ...past, round1From: -12, round1To: -8, round2From: -2, round2To: 3 }));
});
afterAll(async () => s?.close());

/** A published project with one class, starting `start` days from today. */
async function offer(start: number, over: Partial<Project> = {}): Promise<{ project: Project; cls: TrainingClass }> {
  const project = await makeProject(w, {
    status: ProjectStatus.published, leadExpertId: await freshLead(w), startDate: day(start), endDate: day(start + 2), ...over,
  });
  return { project, cls: await makeClass(w, project) };
}
const select = async (teacherId: number, cls: TrainingClass, round: number) => s.gql(SELECT, { c: cls.id, r: round }, { token: await teacherToken(s, teacherId) });

describe('ZJ-9 / ZJ-10 selection rounds', () => {
  it('ZJ-9: round 1 is open in its window; round 2 outside its window is refused with its dates', async () => {
    const { cls } = await offer(30);
    const [a, b] = w.teachers.yh1;
    expect(ok(await select(a!, cls, 1)).selectClass).toMatchObject({ round: 1, status: 'pending' });
    const r = await select(b!, cls, 2);
    expect(ruleIds(r)).toEqual(['ZJ-10', 'ZJ-9']);
    const win = r.errors!.find((e) => e.extensions!.rule === 'ZJ-9')!;
    expect(win.message).toBe(`ZJ-9 第一期第二轮自主选课时间为 ${day(6)} 至 ${day(9)}（实际 ${today}）`);
    expect(win.extensions).toMatchObject({ limit: `${day(6)}..${day(9)}`, actual: today, field: 'round' });
  });

  it('ZJ-10: a teacher who did not select in round 1 cannot select in round 2; one who did (even withdrawn) can', async () => {
    const first = await offer(120);
    const second = await offer(130);
    const [withRound1, without] = w.teachers.yh2;
    await approveEnrollments(w, first.cls, [withRound1!]);
    await s.ds.getRepository(Enrollment).update({ teacherId: withRound1!, classId: first.cls.id }, { status: EnrollmentStatus.withdrawn });
    expect(ok(await select(withRound1!, second.cls, 2)).selectClass).toMatchObject({ round: 2 });
    const r = await select(without!, second.cls, 2);
    expect(ruleIds(r)).toEqual(['ZJ-10']);
    expect(r.errors![0]!.message).toBe('ZJ-10 第一轮未选课的教师不能参加第二轮补报选课（第二期第一轮选课 0 门）');
    // Round 1 of P2 is over.
    expect(ruleIds(await select(without!, second.cls, 1))).toEqual(['ZJ-9']);
  });

  it('ZJ-10: there are only two rounds', async () => {
    const { cls } = await offer(40);
    const r = await select(w.teachers.yh1[2]!, cls, 3);
    expect(ruleIds(r)).toEqual(['ZJ-10']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: 2, actual: 3 });
  });

  it('a Zhejiang rule never fires on a Chongqing record: a Chongqing teacher selects round 2 without round 1', async () => {
    const p = await makeProject(w, {
      institutionId: w.institutions.cqTrainer, regionId: w.regions.cq, leadExpertId: w.experts.professor, status: ProjectStatus.published, credits: 96, hours: 96,
    });
    const cls = await makeClass(w, p);
    expect(ok(await select(w.teachers.cq1[0]!, cls, 2)).selectClass.round).toBe(2);
  });
});

describe('ZJ-1 school planning of 90-credit trainings', () => {
  it('ZJ-1: a teacher selects a 90-credit training only after the school planned it; a nomination is the school\'s plan', async () => {
    const { project, cls } = await offer(50, { hours: 90, credits: 90, finalAssessment: true });
    const teacher = w.teachers.yh1[3]!;
    const r = await select(teacher, cls, 1);
    expect(ruleIds(r)).toEqual(['ZJ-1']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: 'school plan', actual: 'none' });

    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    // A school plans only its own teachers.
    const foreign = await submitForm(s, 'zhejiang.schoolPlan', { teacherId: w.teachers.yh2[3]! }, school);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    ok(await submitForm(s, 'zhejiang.schoolPlan', { teacherId: teacher, projectId: project.id, note: '本年度参加90学分集中培训' }, school));
    expect(ok(await select(teacher, cls, 1)).selectClass.status).toBe('pending');

    ok(await s.gql(NOMINATE, { c: cls.id, t: w.teachers.yh1[4]!, r: 1 }, { token: school }));
    const plans = ok(await s.gql(`{ allZjSchoolPlans { teacherId projectId } }`, {}, { token: school })).allZjSchoolPlans;
    expect(plans).toEqual([{ teacherId: String(teacher), projectId: String(project.id) }]);
  });
});

describe('ZJ-2 / ZJ-10 review steps', () => {
  const ctx = { projectLevel: 'provincial', projectCategory: '学科', round: 1 };
  it('ZJ-2: the school review is always first; ZJ-10: self-selection → school review → institution recheck', () => {
    expect(s.plugins.selectionSteps('330110', ['school', 'district', 'institution'], ctx)).toEqual(['school', 'institution']);
    expect(s.plugins.selectionSteps('330110', ['institution'], ctx)).toEqual(['school', 'institution']);
    expect(s.plugins.selectionSteps('330100', ['district', 'school', 'institution'], ctx)).toEqual(['school', 'institution']);
    // Chongqing is left to the core (and its own plugin).
    expect(s.plugins.selectionSteps('500103', ['school', 'district', 'institution'], ctx)).toEqual(['school', 'district', 'institution']);
    // With the option districtReview the district step stays, after the school.
    const keep = { ...defaults, selection: { ...defaults.selection, districtReview: true } };
    expect(zhejiangSteps(['district', 'institution'], { options: keep })).toEqual(['school', 'district', 'institution']);
  });
});

describe('ZJ-6 and ZJ-9 at class.publish', () => {
  it('ZJ-6: the schedule is published at least 5 days before the class starts', async () => {
    // A school-based project follows no period, so only ZJ-6 speaks.
    const project = await makeProject(w, { status: ProjectStatus.published, level: ProjectLevel.school, regionId: w.regions.yh, startDate: day(3), endDate: day(6) });
    const soon = await makeClass(w, project, { startDate: day(3), endDate: day(4) });
    const r = await s.gql(PUBLISH_SCHEDULE, { id: soon.id }, { token: tk.zjInst });
    expect(ruleIds(r)).toEqual(['ZJ-6']);
    expect(r.errors![0]!.message).toBe(`ZJ-6 课程表须在开班前5日公布（开班 ${day(3)}，实际提前 3 日）`);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: 5, actual: 3 });
    const inTime = await makeClass(w, project, { startDate: day(5), endDate: day(6) });
    expect(ok(await s.gql(PUBLISH_SCHEDULE, { id: inTime.id }, { token: tk.zjInst })).publishClassSchedule.status).toBe('published');
  });

  it('ZJ-9: a class runs within its period\'s run window', async () => {
    const { project } = await offer(30);
    const late = await makeClass(w, project, { startDate: day(99), endDate: day(102) });
    const r = await s.gql(PUBLISH_SCHEDULE, { id: late.id }, { token: tk.zjInst });
    expect(ruleIds(r)).toEqual(['ZJ-9']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: `${day(20)}..${day(100)}`, actual: `${day(99)}..${day(102)}` });
  });
});

describe('ZJ-9 teacher data window (proposed core point teacher.update)', () => {
  it('ZJ-9: between the teacher-data window\'s opening and the end of round 2, schools change teacher data only inside the window', async () => {
    const school: Actor = { id: 'dev:school', role: 'school', institutionId: w.schools.yh1 };
    const bureau: Actor = { id: 'dev:bureau', role: 'bureau', regionId: '330110' };
    const check = (actor: Actor, regionId: string, now = new Date()) =>
      s.plugins.check('teacher.update', { teacherId: w.teachers.yh1[0]!, now }, regionId, s.ds.manager, actor);
    const v = await check(school, '330110');
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-9', limit: `${day(-60)}..${day(-46)}`, actual: today })]);
    expect(await check(school, '330110', new Date(`${day(-50)}T04:00:00Z`))).toEqual([]);
    expect(await check(bureau, '330110')).toEqual([]);
    expect(await check({ ...school, institutionId: w.schools.cq1 }, '500103')).toEqual([]);
    // After every period's round 2 the data is free again.
    expect(await check(school, '330110', new Date(`${day(250)}T04:00:00Z`))).toEqual([]);
  });
});

describe('ZJ-11 places for rural and private-kindergarten teachers', () => {
  it('ZJ-11: the report counts rural and private-kindergarten teachers per project, with shares', async () => {
    await s.ds.getRepository(Teacher).update({ schoolId: w.schools.yh2 }, { rural: true });
    const kg = w.teachers.yh1[5]!;
    await s.ds.getRepository(Teacher).update({ id: kg }, { isPrivate: true, stage: Stage.kindergarten });
    const { project, cls } = await offer(60);
    await approveEnrollments(w, cls, [w.teachers.yh2[4]!, w.teachers.yh2[5]!, kg, w.teachers.yh1[1]!]);
    const q = `query($p: ID, $ids: [ID!]) { zjReservedPlaces(periodId: $p, projectIds: $ids) { projectId capacity places rural ruralShare privateKindergarten privateKindergartenShare met } }`;
    const rows = ok(await s.gql(q, { p: p1, ids: [project.id] }, { token: tk.zjBureau })).zjReservedPlaces;
    expect(rows).toEqual([{ projectId: String(project.id), capacity: 50, places: 4, rural: 2, ruralShare: 0.5, privateKindergarten: 1, privateKindergartenShare: 0.25, met: true }]);
    // Scope: the Chongqing bureau sees no Zhejiang project.
    expect(ok(await s.gql(q, { ids: [project.id] }, { token: tk.cqBureau })).zjReservedPlaces).toEqual([]);
    const all = ok(await s.gql(q, { p: p1 }, { token: tk.zjInst })).zjReservedPlaces;
    expect(all.length).toBeGreaterThan(1);
    expect(all.every((x: { projectId: string }) => x.projectId)).toBe(true);
  });
});


