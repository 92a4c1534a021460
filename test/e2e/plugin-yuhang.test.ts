import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseKind, Grade, ProjectLevel, ProjectStatus } from '../../core/entities/enums.js';
import { Attendance, ClassSession, FeeItem } from '../../core/entities/index.js';
import { loadPlugins, PluginConfigError } from '../../core/plugin-host/load-plugins.js';
import { yuhang } from '../../plugins/yuhang/index.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { day, dryRunRules, freshLead, periodData, savePeriod, SUBMIT, submitForm } from '../../plugins/zhejiang/testing.js';
import { approveEnrollments, assess, evaluate } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { APPROVE, CLOSE, ok, PUBLISH, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The Yuhang plugin (330110) layered on Zhejiang's: YH-2 backbone hours and small classes,
 * YH-4 school-based projects through the core project flow, YH-3 funding, YH-1 satisfaction,
 * YH-5 attendance discipline; a Yuhang project gets both plugins' rules, a Hangzhou one only
 * Zhejiang's.
 */
let s: TestServer;
let w: World;
let tk: Tokens;

beforeAll(async () => {
  s = await startTestServer({ plugins: [zhejiang(), yuhang({ smallClassCapacity: 40 })] });
  w = await buildWorld(s.ds, { teachersPerSchool: 3 });
  tk = await tokensFor(s, w);
  await savePeriod(s, tk.zjBureau, periodData('2026H2', '2026年下半年', '2026-07-01', '2027-06-30'));
});
afterAll(async () => s?.close());

const rules = async (id: number, token = tk.zjInst) => (await dryRunRules(s, id, token)).map((v) => v.rule).filter((r) => /^(ZJ|YH)-/.test(r));
const STAGE = `query($id: ID!) { Project(id: $id) { status yhSchoolStage } }`;

describe('layering', () => {
  const backbone = async (regionId: string, level: ProjectLevel) => {
    const p = await makeProject(w, { regionId, level, category: '骨干教师', hours: 90, credits: 90, finalAssessment: true, totalFee: 100, leadExpertId: await freshLead(w) });
    await s.ds.getRepository(FeeItem).insert({ projectId: p.id, kind: 'training', amount: 80 });
    return p;
  };

  it('YH-2: a Yuhang project gets both the Zhejiang (ZJ-7) and the Yuhang (YH-2) rules', async () => {
    const p = await backbone(w.regions.yh, ProjectLevel.district);
    expect(await rules(p.id)).toEqual(['YH-2', 'ZJ-7']);
    const v = (await dryRunRules(s, p.id, tk.zjInst, 'YH-'))[0]!;
    expect(v).toMatchObject({ limit: 180, actual: 90, messageZh: '骨干教师培训班为 180 学时（实际 90）' });
  });

  it('a Hangzhou (non-Yuhang) project gets only Zhejiang\'s rules', async () => {
    const p = await backbone(w.regions.hz, ProjectLevel.municipal);
    expect(await rules(p.id)).toEqual(['ZJ-7']);
  });

  it('both plugins\' migrations build exactly their entities (no drift on this dialect)', async () => {
    const log = await s.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query).filter((q) => /zhejiang_|yuhang_/.test(q))).toEqual([]);
    const ran = (await s.ds.query(`SELECT name FROM migrations`)).map((r: { name: string }) => r.name);
    expect(ran).toEqual(expect.arrayContaining([expect.stringMatching(/^ZhejiangInitial/), expect.stringMatching(/^YuhangInitial/)]));
  });

  it('each plugin enabled alone where possible: yuhang needs zhejiang, zhejiang stands alone', () => {
    expect(() => loadPlugins([yuhang()])).toThrow(PluginConfigError);
    expect(() => loadPlugins([yuhang()])).toThrow('plugin "yuhang": depends on "zhejiang", which is not enabled in plugins.config.ts');
    expect(loadPlugins([zhejiang()]).list.map((p) => p.name)).toEqual(['zhejiang']);
    expect(loadPlugins([yuhang(), zhejiang()]).list.map((p) => p.name)).toEqual(['zhejiang', 'yuhang']);
  });
});

describe('YH-2 backbone classes and small classes', () => {
  it('YH-2: a 180-hour backbone class passes; a class over the small-class capacity of a 90-hour training is refused', async () => {
    const ok180 = await makeProject(w, {
      regionId: w.regions.yh, level: ProjectLevel.district, category: '骨干教师', hours: 180, credits: 180, finalAssessment: true, leadExpertId: await freshLead(w),
      curriculum: [{ title: '理论', hours: 60, kind: CourseKind.theory }, { title: '跟岗实践', hours: 120, kind: CourseKind.practice }],
    });
    await makeClass(w, ok180, { capacity: 40 });
    expect(await rules(ok180.id)).toEqual([]);
    const big = await makeClass(w, ok180, { capacity: 45 });
    const v = await dryRunRules(s, ok180.id, tk.zjInst, 'YH-');
    expect(v).toEqual([expect.objectContaining({ rule: 'YH-2', limit: 40, actual: 45 })]);
    expect(v[0]!.messageZh).toBe(`90学时及以上培训实行小班化，每班不超过 40 人（「${big.name}」实际 45）`);
  });

  it('YH-2: the small-class rule also holds when a class schedule is published', async () => {
    const p = await makeProject(w, {
      regionId: w.regions.yh, level: ProjectLevel.school, institutionId: w.schools.yh1, leadExpertId: w.experts.frontLine, hours: 90, credits: 90,
      finalAssessment: true, status: ProjectStatus.published, startDate: day(10), endDate: day(12), curriculum: [{ title: '集中研修', hours: 90, kind: CourseKind.practice }],
    });
    const cls = await makeClass(w, p, { capacity: 60 });
    const r = await s.gql(`mutation($id: ID!) { publishClassSchedule(classId: $id) { id } }`, { id: cls.id }, { token: await s.tokenFor('institution', { institutionId: w.schools.yh1 }) });
    expect(ruleIds(r)).toEqual(['YH-2']);
  });
});

describe('YH-4 school-based training as projects', () => {
  it('YH-4: the school declares it with an assessment; a training institution cannot declare a school-based project', async () => {
    const byInstitution = await makeProject(w, { regionId: w.regions.yh, level: ProjectLevel.school, finalAssessment: true, leadExpertId: await freshLead(w) });
    const v = await dryRunRules(s, byInstitution.id, tk.zjInst, 'YH-');
    expect(v).toEqual([expect.objectContaining({ rule: 'YH-4', limit: 'school', actual: 'university' })]);
    const school = await s.tokenFor('institution', { institutionId: w.schools.yh1 });
    const noAssessment = await makeProject(w, { regionId: w.regions.yh, level: ProjectLevel.school, institutionId: w.schools.yh1, leadExpertId: w.experts.frontLine });
    expect(ruleIds(await s.gql(SUBMIT, { id: noAssessment.id }, { token: school }))).toEqual(['YH-4']);
  });

  it('YH-4: declare → review → implement → manage → assess → complete, through the core project flow', async () => {
    const school = await s.tokenFor('institution', { institutionId: w.schools.yh1 });
    const p = await makeProject(w, {
      name: '校本研修：作业设计', regionId: w.regions.yh, level: ProjectLevel.school, institutionId: w.schools.yh1, leadExpertId: w.experts.frontLine,
      finalAssessment: true, startDate: day(-10), endDate: day(-8),
    });
    const stage = async () => ok(await s.gql(STAGE, { id: p.id }, { token: school })).Project.yhSchoolStage;
    expect(await stage()).toBe('declare');
    ok(await s.gql(SUBMIT, { id: p.id }, { token: school }));
    expect(await stage()).toBe('review');
    ok(await s.gql(APPROVE, { id: p.id, reason: '方案可行' }, { token: tk.yhBureau }));
    ok(await s.gql(PUBLISH, { id: p.id }, { token: tk.yhBureau }));
    expect(await stage()).toBe('implement');
    const cls = await makeClass(w, p);
    const [e] = await approveEnrollments(w, cls, [w.teachers.yh1[0]!]);
    const session = await s.ds.getRepository(ClassSession).findOneByOrFail({ classId: cls.id, title: '教师专业标准解读' });
    await s.ds.getRepository(Attendance).insert({ enrollmentId: e!.id, sessionId: session.id, hoursAttended: 8, status: 'present', recordedBy: 'test' });
    expect(await stage()).toBe('manage');
    await assess(w, e!, Grade.pass);
    expect(await stage()).toBe('assess');
    ok(await s.gql(CLOSE, { id: p.id, reason: '结业' }, { token: school }));
    expect(await stage()).toBe('complete');

    const hz = await makeProject(w, { regionId: w.regions.hz, level: ProjectLevel.school });
    expect(ok(await s.gql(STAGE, { id: hz.id }, { token: tk.zjInst })).Project.yhSchoolStage).toBeNull();
  });
});

describe('YH-3 funding', () => {
  it('YH-3: the funding form gives the metrics, each met or not met', async () => {
    const data = {
      year: 2026, payroll: 1_000_000, trainingFunds: 35_000, toSchools: 21_000,
      schools: [{ schoolId: w.schools.yh1, publicFunds: 100_000, trainingFunds: 12_000 }, { schoolId: w.schools.yh2, publicFunds: 100_000, trainingFunds: 8_000 }],
    };
    const school = await submitForm(s, 'yuhang.funding', data, await s.tokenFor('school', { institutionId: w.schools.yh1 }));
    expect(school.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    ok(await submitForm(s, 'yuhang.funding', data, tk.yhBureau));
    const q = `query($y: Int!) { yhFundingMetrics(year: $y) { rule key labelZh target actual met } }`;
    const m = ok(await s.gql(q, { y: 2026 }, { token: tk.zjBureau })).yhFundingMetrics;
    expect(m.map((x: { key: string; actual: number; met: boolean }) => [x.key, x.actual, x.met])).toEqual([
      ['payroll', 0.035, true], ['toSchools', 0.6, false], [`school:${w.schools.yh1}`, 0.12, true], [`school:${w.schools.yh2}`, 0.08, false],
    ]);
    expect(m[2].labelZh).toBe('余杭区第一小学 培训经费占公用经费');
    expect(ok(await s.gql(q, { y: 2025 }, { token: tk.yhBureau })).yhFundingMetrics).toEqual([]);
    expect((await s.gql(q, { y: 2026 }, { token: tk.cqBureau })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('YH-1 satisfaction', () => {
  it('YH-1: the satisfaction rate of Yuhang classes against the 90 % target; other regions do not count', async () => {
    const q = `{ yhSatisfaction { rule target actual met count } }`;
    expect(ok(await s.gql(q, {}, { token: tk.yhBureau })).yhSatisfaction).toEqual({ rule: 'YH-1', target: 90, actual: null, met: false, count: 0 });
    const yh = await makeProject(w, { regionId: w.regions.yh, level: ProjectLevel.district });
    await evaluate(w, await makeClass(w, yh), yh, [...w.teachers.yh1, w.teachers.yh2[0]!], [95, 90, 80, 50]);
    const hz = await makeProject(w, { regionId: w.regions.hz, level: ProjectLevel.municipal });
    await evaluate(w, await makeClass(w, hz), hz, w.teachers.yh2, [40, 40]);
    expect(ok(await s.gql(q, {}, { token: tk.yhBureau })).yhSatisfaction).toEqual({ rule: 'YH-1', target: 90, actual: 75, met: false, count: 4 });
    expect(ok(await s.gql(`{ yhSatisfaction(year: 2020) { count } }`, {}, { token: tk.zjBureau })).yhSatisfaction.count).toBe(0);
  });
});

describe('YH-5 attendance discipline', () => {
  it('YH-5: attendance (present, late, leave, absent, missing) and assessment recorded for every trainee', async () => {
    const p = await makeProject(w, { regionId: w.regions.yh, level: ProjectLevel.district, startDate: day(-3), endDate: day(-2), status: ProjectStatus.published });
    const cls = await makeClass(w, p);
    const sessions = await s.ds.getRepository(ClassSession).find({ where: { classId: cls.id }, order: { id: 'ASC' } });
    const [a, b, c] = await approveEnrollments(w, cls, [w.teachers.yh1[0]!, w.teachers.yh1[1]!, w.teachers.yh2[0]!]);
    await s.ds.getRepository(Attendance).insert([
      { enrollmentId: a!.id, sessionId: sessions[0]!.id, hoursAttended: 8, status: 'present', recordedBy: 'test' },
      { enrollmentId: a!.id, sessionId: sessions[1]!.id, hoursAttended: 16, status: 'late', recordedBy: 'test' },
      { enrollmentId: b!.id, sessionId: sessions[0]!.id, hoursAttended: 0, status: 'leave', recordedBy: 'test' },
      { enrollmentId: b!.id, sessionId: sessions[1]!.id, hoursAttended: 0, status: 'absent', recordedBy: 'test' },
    ]);
    await assess(w, a!, Grade.excellent);
    const q = `query($c: ID!) { yhAttendanceDiscipline(classId: $c) { sessionsHeld complete trainees { teacherId present late leave absent missing hoursAttended grade } } }`;
    const r = ok(await s.gql(q, { c: cls.id }, { token: tk.zjInst })).yhAttendanceDiscipline;
    expect(r.sessionsHeld).toBe(2);
    expect(r.complete).toBe(false);
    expect(r.trainees.map((x: Record<string, unknown>) => [x.present, x.late, x.leave, x.absent, x.missing, x.hoursAttended, x.grade])).toEqual([
      [1, 1, 0, 0, 0, 24, 'excellent'], [0, 0, 1, 1, 0, 0, null], [0, 0, 0, 0, 2, 0, null],
    ]);
    // A school sees its own teachers only.
    const mine = ok(await s.gql(q, { c: cls.id }, { token: await s.tokenFor('school', { institutionId: w.schools.yh2 }) })).yhAttendanceDiscipline;
    expect(mine.trainees.map((x: { teacherId: string }) => Number(x.teacherId))).toEqual([c!.teacherId]);
    // Outside Yuhang the report does not apply.
    const hz = await makeClass(w, await makeProject(w, { regionId: w.regions.hz, level: ProjectLevel.municipal }));
    expect((await s.gql(q, { c: hz.id }, { token: tk.zjInst })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
