import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../core/auth/actor.js';
import { CourseKind, InstitutionKind, ProfessionalTitle, ProjectLevel, ProjectStatus, QualificationStatus, TrainingMode } from '../../core/entities/enums.js';
import { CurriculumItem, Expert, FeeItem, Institution, Project, Qualification, TrainingClass } from '../../core/entities/index.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { day, dryRunRules, freshLead, periodData, savePeriod, SUBMIT, submitForm, today } from '../../plugins/zhejiang/testing.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Zhejiang declaration rules at 'project.submit' (ZJ-3, ZJ-4, ZJ-5, ZJ-7, ZJ-8, ZJ-9, ZJ-12),
 * the review rules at the proposed 'project.approve' / 'project.publish' points (ZJ-18, ZJ-9),
 * and the declaration, period and hybrid-approval forms. Period A (run 2026-07-01—2027-06-30)
 * has its declaration window open today; period B (run 2027-07-01—2027-12-31) closed it.
 */
let s: TestServer;
let w: World;
let t: Tokens;
let periodA: number;

const RUN_A = ['2026-07-01', '2027-06-30'] as const;

beforeAll(async () => {
  s = await startTestServer({
    plugins: [zhejiang({ quota: { named: { 浙江师范大学: 2 }, localCaps: { '330110': 1 } } })],
  });
  w = await buildWorld(s.ds, { teachersPerSchool: 1 });
  t = await tokensFor(s, w);
  periodA = await savePeriod(s, t.zjBureau, periodData('2026H2', '2026年下半年', ...RUN_A));
  await savePeriod(s, t.zjBureau, periodData('2027H2', '2027年下半年', '2027-07-01', '2027-12-31', { declareFrom: -30, declareTo: -20, reviewFrom: -19, reviewTo: -15 }));
});
afterAll(async () => s?.close());

/** A province-wide project that passes every Zhejiang rule: fresh lead, offline, no fees. */
const valid = async (over: Parameters<typeof makeProject>[1] = {}) => makeProject(w, { leadExpertId: await freshLead(w), ...over });
const zj = (id: number) => dryRunRules(s, id, t.zjInst, 'ZJ-');

describe('a valid declaration', () => {
  it('passes every Zhejiang rule and submits', async () => {
    const p = await valid();
    expect(await zj(p.id)).toEqual([]);
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
  });

  it('a Zhejiang rule never fires on a Chongqing record: a Chongqing project breaking every ZJ rule gets none', async () => {
    const cq = await makeProject(w, {
      institutionId: w.institutions.cqTrainer, regionId: w.regions.cq, leadExpertId: w.experts.frontLine, subject: '数学',
      mode: TrainingMode.hybrid, onlineCredits: 20, totalFee: 999, startDate: '2031-01-01', endDate: '2031-01-02',
    });
    await s.ds.getRepository(FeeItem).insert({ projectId: cq.id, kind: 'materials', amount: 5 });
    expect((await dryRunRules(s, cq.id, t.cqInst)).map((v) => v.rule).filter((r) => r.startsWith('ZJ'))).toEqual([]);
  });
});

describe('ZJ-3 lead', () => {
  it('ZJ-3: the lead must be formal staff of the declaring institution, and 副高 or above for a province-wide project — both reported at once', async () => {
    const lead = await freshLead(w, { formalStaff: false, employerId: w.schools.yh1, title: ProfessionalTitle.first });
    const p = await makeProject(w, { leadExpertId: lead });
    const v = await zj(p.id);
    expect(v.map((x) => x.rule)).toEqual(['ZJ-3', 'ZJ-3']);
    expect(v.find((x) => x.limit === 'associate_senior|senior')).toMatchObject({ actual: 'first' });
    expect(v.some((x) => x.messageZh.startsWith('项目负责人须为申报单位「杭州师范大学」的正式员工'))).toBe(true);
    expect(v.some((x) => x.messageZh.includes('面向全省的项目负责人须具有副高以上职称（实际'))).toBe(true);
  });

  it('ZJ-3: a city-wide project needs no senior title; a formal employee with a first-level title may lead it', async () => {
    const lead = await freshLead(w, { title: ProfessionalTitle.first });
    const p = await makeProject(w, { leadExpertId: lead, regionId: w.regions.hz, level: ProjectLevel.municipal });
    expect(await zj(p.id)).toEqual([]);
  });
});

describe('ZJ-4 classes per lead', () => {
  it('ZJ-4: one lead declares at most 4 classes per period; other periods and drafts do not count', async () => {
    const lead = await freshLead(w);
    const declared = await makeProject(w, { leadExpertId: lead, status: ProjectStatus.submitted });
    await makeClass(w, declared);
    await makeClass(w, declared);
    const draft = await makeProject(w, { leadExpertId: lead });
    for (let i = 0; i < 3; i++) await makeClass(w, draft);
    const later = await makeProject(w, { leadExpertId: lead, status: ProjectStatus.submitted, startDate: '2027-09-01', endDate: '2027-09-03' });
    for (let i = 0; i < 3; i++) await makeClass(w, later);

    const p = await makeProject(w, { leadExpertId: lead });
    await makeClass(w, p);
    await makeClass(w, p);
    expect(await zj(p.id)).toEqual([]); // 2 declared + 2 = 4
    await makeClass(w, p);
    const v = await zj(p.id);
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-4', limit: 4, actual: 5 })]);
    expect(v[0]!.messageZh).toBe('每位项目负责人每期最多申报4个班期（2026年下半年实际 5 > 4）');
  });
});

describe('ZJ-5 hybrid', () => {
  const ninety = async (over: Parameters<typeof makeProject>[1]) =>
    valid({
      hours: 90, credits: 90, finalAssessment: true, mode: TrainingMode.hybrid, ...over,
      curriculum: [{ title: '理论研修', hours: 40, kind: CourseKind.theory }, { title: '实践研修', hours: 50, kind: CourseKind.practice }],
    });

  it('ZJ-5: a provincial 90-credit training is not hybrid without approval', async () => {
    const p = await ninety({ onlineCredits: 20 });
    expect(await zj(p.id)).toEqual([expect.objectContaining({ rule: 'ZJ-5', limit: 0, actual: 20 })]);
  });

  it('ZJ-5: once approved, online credits ≤ 1/4 of the total (30 > 22.5), message names limit and actual in both languages', async () => {
    const p = await ninety({ onlineCredits: 30 });
    // The approval is the reviewing bureau's (ZJ-18): Hangzhou cannot even see a province-wide draft…
    const wrong = await submitForm(s, 'zhejiang.hybridApproval', { projectId: p.id, approve: true, reason: '优质资源支撑' }, t.hzBureau);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // …and the province does not decide for a Hangzhou project.
    const city = await valid({ regionId: w.regions.hz, level: ProjectLevel.municipal, mode: TrainingMode.hybrid, onlineCredits: 5 });
    const province = await submitForm(s, 'zhejiang.hybridApproval', { projectId: city.id, approve: true, reason: '优质资源支撑' }, t.zjBureau);
    expect(province.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    ok(await submitForm(s, 'zhejiang.hybridApproval', { projectId: p.id, approve: true, reason: '优质资源支撑' }, t.zjBureau));
    expect((await s.ds.getRepository(Project).findOneByOrFail({ id: p.id })).hybridApproved).toBe(true);

    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst });
    expect(ruleIds(r)).toEqual(['ZJ-5']);
    expect(r.errors![0]!.message).toBe('ZJ-5 线上学分不得超过总学分的1/4（实际 30 > 22.5）');
    expect(r.errors![0]!.extensions).toMatchObject({ limit: 22.5, actual: 30, messageEn: 'online credits 30 > 22.5 = 1/4 of 90' });
    const en = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst, lang: 'en' });
    expect(en.errors![0]!.message).toBe('ZJ-5 online credits 30 > 22.5 = 1/4 of 90');

    await s.ds.getRepository(Project).update({ id: p.id }, { onlineCredits: 22.5 });
    expect(await zj(p.id)).toEqual([]);
  });

  it('ZJ-5: other hybrid trainings keep online credits ≤ 1/3', async () => {
    const p = await valid({ level: ProjectLevel.municipal, regionId: w.regions.hz, mode: TrainingMode.hybrid, onlineCredits: 9 });
    expect(await zj(p.id)).toEqual([expect.objectContaining({ rule: 'ZJ-5', limit: 8, actual: 9 })]);
    await s.ds.getRepository(Project).update({ id: p.id }, { onlineCredits: 8 });
    expect(await zj(p.id)).toEqual([]);
  });
});

describe('ZJ-7 fees', () => {
  it('ZJ-7: only training, lodging and meals, and the items add up to the total fee — both reported', async () => {
    const p = await valid({ totalFee: 1300 });
    await s.ds.getRepository(FeeItem).insert([
      { projectId: p.id, kind: 'training', amount: 800 }, { projectId: p.id, kind: 'lodging', amount: 300 }, { projectId: p.id, kind: 'materials', amount: 50 },
    ]);
    const v = await zj(p.id);
    expect(v.map((x) => x.rule)).toEqual(['ZJ-7', 'ZJ-7']);
    expect(v.find((x) => x.actual === 'materials')!.messageZh).toBe('收费项目只能是培训费、住宿费、伙食费，不得另行收取其他费用（实际 materials）');
    expect(v.find((x) => x.limit === 1300)).toMatchObject({ actual: 1150 });
    await s.ds.getRepository(FeeItem).delete({ projectId: p.id, kind: 'materials' });
    await s.ds.getRepository(FeeItem).insert({ projectId: p.id, kind: 'meals', amount: 200 });
    expect(await zj(p.id)).toEqual([]);
  });

  it('ZJ-7: a fee with no items is refused; a free training needs none', async () => {
    const p = await valid({ totalFee: 500 });
    expect(await zj(p.id)).toEqual([expect.objectContaining({ rule: 'ZJ-7', limit: 500, actual: 0 })]);
  });
});

describe('ZJ-8 quota', () => {
  const institution = async (name: string, validFrom = '2020-01-01') => {
    const inst = await s.ds.getRepository(Institution).save(s.ds.getRepository(Institution).create({ name, kind: InstitutionKind.university, regionId: '330100' }));
    for (const level of [ProjectLevel.provincial, ProjectLevel.district])
      await s.ds.getRepository(Qualification).insert({ institutionId: inst.id, level, subject: '*', validFrom, validTo: null, status: QualificationStatus.active, statusReason: null });
    return inst.id;
  };
  const project = async (institutionId: number, over: Partial<Project> = {}) =>
    makeProject(w, { institutionId, leadExpertId: await freshLead(w, { employerId: institutionId }), ...over });

  it('ZJ-8: 浙江师范大学 (quota set to 2 here) declares at most 2 province-wide projects in the half-year; local ones do not count', async () => {
    const inst = await institution('浙江师范大学');
    await project(inst, { status: ProjectStatus.submitted });
    await project(inst, { status: ProjectStatus.published, regionId: w.regions.hz });
    await project(inst, { status: ProjectStatus.rejected });
    const second = await project(inst);
    const token = await s.tokenFor('institution', { institutionId: inst });
    expect(await dryRunRules(s, second.id, token, 'ZJ-')).toEqual([]);
    await s.ds.getRepository(Project).update({ id: second.id }, { status: ProjectStatus.submitted });
    const third = await project(inst);
    const v = await dryRunRules(s, third.id, token, 'ZJ-');
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-8', limit: 2, actual: 3 })]);
    expect(v[0]!.messageZh).toBe('2026年下半年面向全省的培训项目限报2项（浙江师范大学；实际 3 > 2）');
  });

  it('ZJ-8: an institution qualified less than a year ago declares at most 8', async () => {
    const inst = await institution('新认定培训中心', day(-60));
    for (let i = 0; i < 8; i++) await project(inst, { status: ProjectStatus.submitted });
    const p = await project(inst);
    const v = await dryRunRules(s, p.id, await s.tokenFor('institution', { institutionId: inst }), 'ZJ-');
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-8', limit: 8, actual: 9 })]);
  });

  it('ZJ-8: local caps come from the options (余杭 set to 1 here)', async () => {
    await project(w.institutions.zjTrainer, { regionId: w.regions.yh, level: ProjectLevel.district, status: ProjectStatus.submitted });
    const p = await project(w.institutions.zjTrainer, { regionId: w.regions.yh, level: ProjectLevel.district });
    expect(await zj(p.id)).toEqual([expect.objectContaining({ rule: 'ZJ-8', limit: 1, actual: 2 })]);
  });
});

describe('ZJ-9 declaration window', () => {
  it('ZJ-9: outside the declaration window the submission is refused with the window\'s dates', async () => {
    const p = await valid({ startDate: '2027-09-01', endDate: '2027-09-03' });
    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst });
    expect(ruleIds(r)).toEqual(['ZJ-9']);
    expect(r.errors![0]!.message).toBe(`ZJ-9 2027年下半年项目申报时间为 ${day(-30)} 至 ${day(-20)}（实际 ${today}）`);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: `${day(-30)}..${day(-20)}`, actual: today });
  });

  it('ZJ-9: a project no period covers is refused; one running past the run window too; school-based projects follow no period', async () => {
    const none = await valid({ startDate: '2030-03-01', endDate: '2030-03-02' });
    expect(await zj(none.id)).toEqual([expect.objectContaining({ rule: 'ZJ-9', limit: 'period', actual: '2030-03-01' })]);
    const long = await valid({ startDate: '2027-06-29', endDate: '2027-07-02' });
    expect(await zj(long.id)).toEqual([expect.objectContaining({ rule: 'ZJ-9', limit: '2027-06-30', actual: '2027-07-02' })]);
    const school = await valid({ level: ProjectLevel.school, regionId: w.regions.yh, startDate: '2030-03-01', endDate: '2030-03-02' });
    expect(await zj(school.id)).toEqual([]);
  });
});

describe('ZJ-12 expert database', () => {
  it('ZJ-12: every expert named is in the expert database with the basic fields filled in', async () => {
    const p = await valid();
    const incomplete = await s.ds.getRepository(Expert).save(s.ds.getRepository(Expert).create({ name: '王未填', regionId: '330100', title: ProfessionalTitle.none }));
    await s.ds.getRepository(CurriculumItem).update({ projectId: p.id, seq: 0 }, { trainerExpertId: incomplete.id });
    const v = await zj(p.id);
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-12', actual: 1 })]);
    expect(v[0]!.messageZh).toContain('王未填（缺职称、工作单位、学科）');
  });
});

describe('ZJ-18 and ZJ-9 at review and publication (proposed core points project.approve / project.publish)', () => {
  const bureau = (regionId: string): Actor => ({ id: `dev:bureau:${regionId}`, role: 'bureau', regionId });
  const approve = async (p: Project, actor: Actor, now = new Date()) =>
    s.plugins.check('project.approve', { projectId: p.id, decision: 'approve', now }, p.regionId, s.ds.manager, actor);

  it('ZJ-18: a province-wide project is reviewed by the province, a Yuhang project by the Yuhang bureau, not by Hangzhou', async () => {
    const province = await valid({ status: ProjectStatus.submitted });
    const now = new Date(`${day(7)}T04:00:00Z`); // inside period A's review window
    expect(await approve(province, bureau('330000'), now)).toEqual([]);
    const v = await approve(province, bureau('330100'), now);
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-18', limit: '330000', actual: '330100' })]);
    expect(v[0]!.messageZh).toBe('该项目面向浙江省，须由浙江省省级教育行政部门审核（实际 杭州市）');

    const county = await valid({ status: ProjectStatus.submitted, regionId: w.regions.yh, level: ProjectLevel.district });
    expect(await approve(county, bureau('330110'), now)).toEqual([]);
    expect((await approve(county, bureau('330100'), now)).map((x) => x.rule)).toEqual(['ZJ-18']);
    const city = await valid({ status: ProjectStatus.submitted, regionId: w.regions.hz, level: ProjectLevel.municipal });
    expect(await approve(city, bureau('330100'), now)).toEqual([]);
    expect((await approve(city, bureau('330000'), now)).map((x) => x.rule)).toEqual(['ZJ-18']);
  });

  it('ZJ-9: the bureau reviews within the review window and publishes on or after the publication date', async () => {
    const p = await valid({ status: ProjectStatus.submitted });
    const v = await approve(p, bureau('330000'));
    expect(v).toEqual([expect.objectContaining({ rule: 'ZJ-9', limit: `${day(6)}..${day(10)}`, actual: today })]);
    const publish = (now: Date) => s.plugins.check('project.publish', { projectId: p.id, now }, p.regionId, s.ds.manager, SYSTEM_ACTOR);
    expect(await publish(new Date())).toEqual([expect.objectContaining({ rule: 'ZJ-9', limit: day(11), actual: today })]);
    expect(await publish(new Date(`${day(11)}T04:00:00Z`))).toEqual([]);
  });
});

describe('ZJ-18 and ZJ-9 through the API: core calls project.approve and project.publish', () => {
  const APPROVE = `mutation($id: ID!) { approveProject(id: $id, reason: "同意") { id status } }`;
  const PUBLISH = `mutation($id: ID!) { publishProject(id: $id) { id status } }`;
  const rules = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => (r.errors ?? []).map((e) => e.extensions?.rule).sort();

  it('ZJ-18: Hangzhou approving a Yuhang project is refused over HTTP, with nothing written', async () => {
    const county = await valid({ status: ProjectStatus.submitted, regionId: w.regions.yh, level: ProjectLevel.district });
    const r = await s.gql(APPROVE, { id: county.id }, { token: t.hzBureau });
    expect(rules(r)).toContain('ZJ-18');
    expect((await s.ds.getRepository(Project).findOneByOrFail({ id: county.id })).status).toBe('submitted');
  });

  it('ZJ-9: today is before the review window, so the province bureau’s approval is refused with the window’s dates', async () => {
    const p = await valid({ status: ProjectStatus.submitted });
    const r = await s.gql(APPROVE, { id: p.id }, { token: t.zjBureau });
    expect(r.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RULE_VIOLATION', rule: 'ZJ-9', limit: `${day(6)}..${day(10)}` }) })]);
    await s.ds.getRepository(Project).update(p.id, { status: ProjectStatus.approved });
    expect(rules(await s.gql(PUBLISH, { id: p.id }, { token: t.zjBureau }))).toEqual(['ZJ-9']);
  });
});

describe('forms', () => {
  const declaration = (lead: number, over: Record<string, unknown> = {}) => ({
    name: '初中数学教师核心素养提升', regionId: '330000', level: 'provincial', category: '学科', subject: '数学', stage: 'junior', hours: 24, credits: 24,
    mode: 'offline', leadExpertId: lead, startDate: '2026-12-10', endDate: '2026-12-12', totalFee: 1300,
    feeItems: [{ kind: 'training', amount: 800 }, { kind: 'lodging', amount: 300 }, { kind: 'meals', amount: 200 }],
    experts: [{ expertId: w.experts.frontLine, role: 'trainer' }],
    curriculum: [{ title: '核心素养解读', hours: 8, kind: 'theory' }, { title: '课例研讨', hours: 16, kind: 'practice' }],
    classes: [{ name: '第1期', startDate: '2026-12-10', endDate: '2026-12-12', capacity: 40 }],
    ...over,
  });

  it('the declaration form writes a complete draft (fees, experts, curriculum, classes) that then submits', async () => {
    const r = ok(await submitForm(s, 'zhejiang.declaration', declaration(await freshLead(w)), t.zjInst));
    const id = Number(r.submitForm.id);
    expect((await s.ds.getRepository(TrainingClass).findBy({ projectId: id })).length).toBe(1);
    expect((await s.ds.getRepository(FeeItem).findBy({ projectId: id })).map((f) => f.kind).sort()).toEqual(['lodging', 'meals', 'training']);
    expect(ok(await s.gql(SUBMIT, { id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
  });

  it('ZJ-7: the declaration form refuses fee items that do not add up, and fee kinds outside the three', async () => {
    const bad = await submitForm(s, 'zhejiang.declaration', declaration(await freshLead(w), { totalFee: 1000 }), t.zjInst);
    expect(bad.errors?.map((e) => e.extensions?.rule)).toEqual(['ZJ-7']);
    const kind = await submitForm(s, 'zhejiang.declaration', declaration(await freshLead(w), { feeItems: [{ kind: 'materials', amount: 1300 }] }), t.zjInst);
    expect(kind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feeItems.0.kind' });
  });

  it('ZJ-9: the period form keeps the windows in order and lets a bureau set only its own region', async () => {
    const r = await submitForm(s, 'zhejiang.period', { ...periodData('2028H1', '2028年上半年', '2028-03-01', '2028-08-31'), round2From: day(14) }, t.zjBureau);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'round2From' });
    const other = await submitForm(s, 'zhejiang.period', { ...periodData('2028H1', '2028年上半年', '2028-03-01', '2028-08-31'), regionId: '330000' }, t.hzBureau);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const school = await submitForm(s, 'zhejiang.period', periodData('2028H1', '2028年上半年', '2028-03-01', '2028-08-31'), await s.tokenFor('school', { institutionId: w.schools.yh1 }));
    expect(school.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Saving again under the same code changes the period.
    const again = await savePeriod(s, t.zjBureau, periodData('2026H2', '2026年下半年', ...RUN_A));
    expect(again).toBe(periodA);
    const list = ok(await s.gql(`{ allZjPeriods { code name regionId declareFrom runTo } }`, {}, { token: t.zjInst })).allZjPeriods;
    expect(list.map((p: { code: string }) => p.code).sort()).toEqual(['2026H2', '2027H2']);
  });
});
