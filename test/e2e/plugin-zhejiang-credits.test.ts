import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/auth/actor.js';
import { CourseKind, CreditSource, Grade, InstitutionKind, ProjectLevel, ProjectStatus, TrainingMode } from '../../core/entities/enums.js';
import { CreditRecord, Institution, Teacher } from '../../core/entities/index.js';
import { ZjCreditException, ZjPeriod } from '../../plugins/zhejiang/entities/index.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { day, submitForm } from '../../plugins/zhejiang/testing.js';
import { approveEnrollments, assess, attendAll } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The Zhejiang credit system at 'cycle.audit' (ZJ-13..ZJ-16), the conversion table and caps
 * (ZJ-16), and the prior approval for unqualified institutions (ZJ-17), on the 2021–2025
 * cycle (over by now) of Yuhang teachers.
 */
let s: TestServer;
let w: World;
let tk: Tokens;
let school: string;

const AUDIT = `mutation($t: ID!, $c: ID!) { runCycleAudit(teacherId: $t, cycleId: $c) { passed totalCredits findings } }`;
const SUMMARY = `query($t: ID!, $c: ID!) { zjCreditSummary(teacherId: $t, cycleId: $c) {
  raw counted required blockClassId probationCredits probationPractice buckets { key raw counted cap } byYear { year counted } findings { rule actual } } }`;

beforeAll(async () => {
  s = await startTestServer({ plugins: [zhejiang()] });
  w = await buildWorld(s.ds, { teachersPerSchool: 12 });
  tk = await tokensFor(s, w);
  school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
});
afterAll(async () => s?.close());

let next = 0;
/** The next unused Yuhang teacher (school yh1). */
const teacher = () => w.teachers.yh1[next++]!;

async function record(teacherId: number, year: number, credits: number, over: Partial<CreditRecord> = {}) {
  await s.ds.getRepository(CreditRecord).insert({
    teacherId, cycleId: w.cycles.previous, regionId: '330110', year, credits, hours: credits, source: CreditSource.external, classId: null,
    enrollmentId: null, evidence: '证书', correctsId: null, reason: null, grantKey: null, createdBy: 'test', createdAt: new Date(), ...over,
  });
}
/** Class credits: a class of a project made with `over`. */
async function classRecord(teacherId: number, year: number, credits: number, over: Parameters<typeof makeProject>[1] = {}) {
  const p = await makeProject(w, { credits, hours: credits, startDate: `${year}-04-01`, endDate: `${year}-04-20`, ...over });
  const cls = await makeClass(w, p);
  await record(teacherId, year, credits, { source: CreditSource.class, classId: cls.id });
  return cls.id;
}
type Finding = { rule: string; limit: unknown; actual: unknown; messageZh: string };
async function audit(teacherId: number): Promise<{ passed: boolean; totalCredits: number; findings: Finding[] }> {
  const r = ok(await s.gql(AUDIT, { t: teacherId, c: w.cycles.previous }, { token: tk.yhBureau })).runCycleAudit;
  return { ...r, findings: JSON.parse(r.findings) as Finding[] };
}

describe('ZJ-13 / ZJ-14 cycle audit', () => {
  it('ZJ-13: 360 credits over the cycle with at least 24 every year and the 90-credit block passes', async () => {
    const t = teacher();
    for (const [y, c] of [[2021, 60], [2022, 60], [2024, 80], [2025, 70]] as const) await record(t, y, c);
    await classRecord(t, 2023, 90, { finalAssessment: true });
    const r = await audit(t);
    expect(r).toMatchObject({ passed: true, totalCredits: 360, findings: [] });
  });

  it('ZJ-13: fewer than 360 credits, and a year under 24, each reported with limit and actual', async () => {
    const t = teacher();
    for (const [y, c] of [[2021, 60], [2022, 20], [2024, 80], [2025, 70]] as const) await record(t, y, c);
    await classRecord(t, 2023, 90, { finalAssessment: true });
    const r = await audit(t);
    expect(r.passed).toBe(false);
    expect(r.findings.map((f) => [f.rule, f.limit, f.actual])).toEqual([['ZJ-13', 360, 320], ['ZJ-13', 24, 20]]);
    expect(r.findings[0]!.messageZh).toBe('2021—2025年周期须修满 360 学分（实际计入 320 < 360）');
    expect(r.findings[1]!.messageZh).toBe('每年须修满 24 学分（2022 年实际 20 < 24）');
  });

  it('ZJ-14: the 90-credit concentrated training is needed once per cycle, from one class, not summed', async () => {
    const t = teacher();
    for (const y of [2021, 2022, 2023, 2024, 2025]) await record(t, y, 72);
    await classRecord(t, 2023, 45);
    await classRecord(t, 2023, 45);
    const r = await audit(t);
    expect(r.findings.map((f) => f.rule)).toEqual(['ZJ-14']);
    expect(r.findings[0]).toMatchObject({ limit: 1, actual: 0 });
  });
});

describe('ZJ-15 probation and principals', () => {
  it('ZJ-15: principals\' qualification training counts at 50% toward the cycle', async () => {
    const t = teacher();
    for (const y of [2021, 2022, 2024, 2025]) await record(t, y, 50);
    await classRecord(t, 2023, 90);
    await classRecord(t, 2023, 100, { category: '校长任职资格', subject: '校长' });
    const r = await audit(t);
    // 200 + 90 + 100 × 50% = 340
    expect(r.findings.map((f) => [f.rule, f.actual])).toEqual([['ZJ-13', 340]]);
    expect(r.findings[0]!.messageZh).toContain('任职资格培训按50%计');
  });

  it('ZJ-15: a new teacher earns 180 probation credits (80 practice) outside the cycle; the cycle minimum is prorated to the years owed', async () => {
    const t = teacher();
    await s.ds.getRepository(Teacher).update({ id: t }, { hireDate: '2023-09-01' });
    // Probation training: 120 credits, 60 % practice (curriculum 48 theory + 72 practice hours).
    await classRecord(t, 2023, 120, {
      category: '新教师', finalAssessment: true,
      curriculum: [{ title: '师德与规范', hours: 48, kind: CourseKind.theory }, { title: '跟岗实践', hours: 72, kind: CourseKind.practice }],
    });
    await record(t, 2024, 75);
    await record(t, 2025, 75);
    const r = await audit(t);
    expect(r.findings.map((f) => [f.rule, f.limit, f.actual])).toEqual([['ZJ-15', 180, 120], ['ZJ-15', 80, 72]]);
    const sum = ok(await s.gql(SUMMARY, { t, c: w.cycles.previous }, { token: school })).zjCreditSummary;
    // Probation credits stay outside the cycle: 150 counted of 270 recorded; 2024–2025 owe 360 × 2/5 = 144.
    expect(sum).toMatchObject({ raw: 270, counted: 150, required: 144, probationCredits: 120, probationPractice: 72 });
  });
});

describe('ZJ-16 conversion table and caps', () => {
  it('ZJ-16: online study counts at most 50 a cycle (also the online part of hybrid classes); the audit names what was capped', async () => {
    const t = teacher();
    for (const y of [2021, 2022, 2024, 2025]) await record(t, y, 55);
    await classRecord(t, 2023, 90);
    await record(t, 2023, 40, { source: CreditSource.online });
    // A hybrid class of 30 credits, 12 of them online.
    await classRecord(t, 2022, 30, { level: ProjectLevel.municipal, regionId: '330100', mode: TrainingMode.hybrid, onlineCredits: 12 });
    const sum = ok(await s.gql(SUMMARY, { t, c: w.cycles.previous }, { token: school })).zjCreditSummary;
    expect(sum.buckets.find((b: { key: string }) => b.key === 'online')).toEqual({ key: 'online', raw: 52, counted: 50, cap: 50 });
    expect(sum).toMatchObject({ raw: 380, counted: 378 });
    expect(sum.findings).toEqual([]);

    const u = teacher();
    for (const y of [2021, 2022, 2024, 2025]) await record(u, y, 50);
    await classRecord(u, 2023, 90);
    await record(u, 2023, 100, { source: CreditSource.online });
    const r = await audit(u);
    expect(r.findings.map((f) => [f.rule, f.actual])).toEqual([['ZJ-13', 340]]);
    expect(r.findings[0]!.messageZh).toBe('2021—2025年周期须修满 360 学分（实际计入 340 < 360；网络研修超出上限 50）');
  });

  it('ZJ-16: the registration form converts by the table and refuses credits over the cycle cap', async () => {
    const t = teacher();
    const reg = (data: Record<string, unknown>) =>
      submitForm(s, 'zhejiang.externalCredit', { teacherId: t, year: 2024, title: '课题研究', evidence: '结题证书 KT-2024-01', ...data }, school);
    const first = ok(await reg({ source: 'research', quantity: 5 }));
    expect(first.submitForm.message).toBe('已登记 50 学分（2021—2025年周期）');
    const rec = await s.ds.getRepository(CreditRecord).findOneByOrFail({ id: Number(first.submitForm.id) });
    expect(rec).toMatchObject({ source: 'research', credits: 50, year: 2024, cycleId: w.cycles.previous });
    const over = await reg({ source: 'research', quantity: 2 });
    expect(over.errors?.map((e) => [e.extensions?.rule, e.extensions?.limit, e.extensions?.actual])).toEqual([['ZJ-16', 60, 70]]);
    expect(over.errors![0]!.message).toBe('ZJ-16 教育科研每周期最多计 60 学分（2021—2025年周期实际 50 + 20 = 70 > 60）');
    // The proposed core point 'credit.register' gives the same answer for the core's registerExternalCredits.
    const v = await s.plugins.check('credit.register', { teacherId: t, cycleId: w.cycles.previous, source: 'research', credits: 20 }, '330110', s.ds.manager, SYSTEM_ACTOR);
    expect(v.map((x) => x.rule)).toEqual(['ZJ-16']);
    // Hours convert 1:1 for school-based study (cap 120).
    expect(ok(await reg({ source: 'school_based', quantity: 30, title: '校本研修' })).submitForm.message).toBe('已登记 30 学分（2021—2025年周期）');
  });
});

describe('ZJ-17 unqualified institutions', () => {
  const external = (t: number, data: Record<string, unknown> = {}) =>
    submitForm(s, 'zhejiang.externalCredit', {
      teacherId: t, source: 'external', year: 2025, quantity: 24, title: '课堂教学专题研修', institutionName: '某教育咨询公司',
      startDate: '2025-05-10', endDate: '2025-05-12', evidence: '结业证书 2025-051', ...data,
    }, school);

  it('ZJ-17: training at an institution without qualification counts only with the school\'s prior approval', async () => {
    const t = teacher();
    const none = await external(t);
    expect(none.errors?.map((e) => [e.extensions?.rule, e.extensions?.actual])).toEqual([['ZJ-17', 'no prior school approval']]);

    const repo = s.ds.getRepository(ZjCreditException);
    const base = { teacherId: t, schoolId: w.schools.yh1, regionId: '330110', institutionName: '某教育咨询公司', trainingName: '课堂教学专题研修', startDate: '2025-05-10', endDate: '2025-05-12', reason: '本校急需', approvedBy: 'test', creditRecordId: null };
    const late = await repo.save(repo.create({ ...base, approvedOn: '2025-05-11' }));
    expect((await external(t, { exceptionId: late.id })).errors?.[0]?.extensions?.rule).toBe('ZJ-17');
    const prior = await repo.save(repo.create({ ...base, approvedOn: '2025-04-30' }));
    const okay = ok(await external(t, { exceptionId: prior.id }));
    expect((await repo.findOneByOrFail({ id: prior.id })).creditRecordId).toBe(Number(okay.submitForm.id));
    // One approval, one registration.
    expect((await external(t, { exceptionId: prior.id })).errors?.[0]?.extensions?.actual).toBe('approval already used');
    // A qualified institution in the platform needs no approval.
    ok(await external(t, { institutionId: w.institutions.zjTrainer, institutionName: undefined }));
  });

  it('ZJ-17: the school approves before the training starts, not after', async () => {
    const t = teacher();
    const form = { teacherId: t, institutionName: '某教育咨询公司', trainingName: '专题研修', endDate: day(12), reason: '本校急需' };
    const after = await submitForm(s, 'zhejiang.creditException', { ...form, startDate: day(-1) }, school);
    expect(after.errors?.map((e) => e.extensions?.rule)).toEqual(['ZJ-17']);
    const before = ok(await submitForm(s, 'zhejiang.creditException', { ...form, startDate: day(10) }, school));
    const rows = ok(await s.gql(`{ allZjCreditExceptions(filter: { teacherId: ${t} }) { id approvedOn } }`, {}, { token: school })).allZjCreditExceptions;
    expect(rows).toEqual([{ id: before.submitForm.id, approvedOn: day(0) }]);
  });
});

describe('ZJ-17 class credits (C-5 waived)', () => {
  const GRANT = `mutation($id: ID!) { grantClassCredits(classId: $id) { granted already refused { teacherId rule actual } records { teacherId evidence } } }`;

  it('ZJ-17: a class of an institution without a qualification counts for the trainees whose school approved it beforehand; the others are refused C-5', async () => {
    const inst = await s.ds.getRepository(Institution).save(s.ds.getRepository(Institution).create({ name: '某教育咨询公司（平台）', kind: InstitutionKind.training, regionId: '330100' }));
    const p = await makeProject(w, { institutionId: inst.id, status: ProjectStatus.published });
    const cls = await makeClass(w, p);
    const [approved, late, none] = w.teachers.yh2 as [number, number, number];
    const en = await approveEnrollments(w, cls, [approved, late, none]);
    for (const e of en) {
      await attendAll(w, e);
      await assess(w, e, Grade.pass);
    }
    const repo = s.ds.getRepository(ZjCreditException);
    const base = { schoolId: w.schools.yh2, regionId: '330110', institutionName: inst.name, trainingName: p.name, startDate: cls.startDate, endDate: cls.endDate, reason: '本校急需', approvedBy: 'test', creditRecordId: null };
    const prior = await repo.save(repo.create({ ...base, teacherId: approved, approvedOn: '2026-11-20' }));
    await repo.save(repo.create({ ...base, teacherId: late, approvedOn: '2026-12-02' }));
    // Another institution's approval does not cover this one.
    await repo.save(repo.create({ ...base, teacherId: none, institutionName: '另一家公司', approvedOn: '2026-11-20' }));

    const token = await s.tokenFor('institution', { institutionId: inst.id });
    const r = ok(await s.gql(GRANT, { id: cls.id }, { token })).grantClassCredits;
    expect(r.granted).toBe(1);
    expect(r.refused.map((x: { teacherId: string; rule: string; actual: string }) => [Number(x.teacherId), x.rule, x.actual]).sort())
      .toEqual([[late, 'C-5', 'none'], [none, 'C-5', 'none']].sort());
    expect(r.records).toEqual([{ teacherId: String(approved), evidence: expect.stringContaining(`ZJ-17：学校事先审批 ${prior.id}`) }]);
    // One approval, one registration; a second grant adds nothing and refuses the same two.
    const record = await s.ds.getRepository(CreditRecord).findOneByOrFail({ classId: cls.id, teacherId: approved });
    expect((await repo.findOneByOrFail({ id: prior.id })).creditRecordId).toBe(record.id);
    const again = ok(await s.gql(GRANT, { id: cls.id }, { token })).grantClassCredits;
    expect(again).toMatchObject({ granted: 0, already: 1 });
    expect(again.refused).toHaveLength(2);
  });

  it('C-5: with no approval among the trainees the class is refused as a whole, as outside Zhejiang', async () => {
    const inst = await s.ds.getRepository(Institution).save(s.ds.getRepository(Institution).create({ name: '无资质机构乙', kind: InstitutionKind.training, regionId: '330100' }));
    const cls = await makeClass(w, await makeProject(w, { institutionId: inst.id, status: ProjectStatus.published }));
    const [e] = await approveEnrollments(w, cls, [w.teachers.yh2[3]!]);
    await attendAll(w, e!);
    await assess(w, e!, Grade.pass);
    const r = await s.gql(GRANT, { id: cls.id }, { token: await s.tokenFor('institution', { institutionId: inst.id }) });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-5', actual: 'none' });
    expect(await s.ds.getRepository(CreditRecord).countBy({ classId: cls.id })).toBe(0);
  });
});

describe('outside Zhejiang', () => {
  it('a Zhejiang rule never fires on a Chongqing record: a Chongqing teacher with no credits passes the audit', async () => {
    const t = w.teachers.cq1[0]!;
    const r = ok(await s.gql(AUDIT, { t, c: w.cycles.previous }, { token: tk.cqBureau })).runCycleAudit;
    expect(r).toMatchObject({ passed: true, findings: '[]' });
    const form = await submitForm(s, 'zhejiang.externalCredit', { teacherId: t, source: 'research', year: 2024, quantity: 1, title: '课题', evidence: '证书' }, tk.cqBureau);
    expect(form.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('demo', () => {
  it('seedDemo adds the 2020 H1 timeline of the notice and a current period with two rounds, once', async () => {
    const plugin = s.plugins.get('zhejiang')!;
    await plugin.seedDemo!(s.ds.manager, plugin.options);
    await plugin.seedDemo!(s.ds.manager, plugin.options);
    const rows = await s.ds.getRepository(ZjPeriod).find({ order: { runFrom: 'ASC' } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ code: '2020H1', declareFrom: '2019-12-26', round1From: '2020-02-06', round2To: '2020-03-01', runTo: '2020-08-31' });
    expect(rows[1]!.declareFrom <= day(0) && day(0) <= rows[1]!.declareTo).toBe(true);
    expect(rows[1]!.round1To < rows[1]!.round2From).toBe(true);
  });
});
