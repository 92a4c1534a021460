import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditSource } from '../../core/entities/enums.js';
import { CreditRecord, Teacher, TeacherChange } from '../../core/entities/index.js';
import { chinaToday } from '../../plugins/chongqing/rules/dates.js';
import { CqBackboneAssessment, CqBackboneDesignation } from '../../plugins/chongqing/entities/index.js';
import { chongqing } from '../../plugins/chongqing/index.js';
import { buildChongqingWorld, insertAssessment, insertDesignation, type CqWorld } from '../../plugins/chongqing/test-helpers.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { ok, ruleIds } from '../helpers/project-workflow.js';
import { startTestServer, type GqlResult, type TestServer } from '../helpers/server.js';

/**
 * Chongqing backbone teachers (骨干教师), BB-1 … BB-9: the designation pipeline with its quotas,
 * the training, the annual assessment form and its three review levels with the deadline,
 * consecutive passes, the stipend ledger and its Excel export, annual_complete credits and
 * travel-cost shares. The deadline option is set to 31 December so that "this year" is on
 * time whenever the suite runs (the default 12-20 is covered in plugins/chongqing/backbone.test.ts).
 */
let s: TestServer;
let w: World;
let cq: CqWorld;
const tk: Record<string, string> = {};
const Y = Number(chinaToday().slice(0, 4));

beforeAll(async () => {
  s = await startTestServer({ plugins: [chongqing({ backbone: { assessmentDeadline: '12-31' } })] });
  w = await buildWorld(s.ds);
  cq = await buildChongqingWorld(w);
  tk.municipal = await s.tokenFor('bureau', { regionId: '500000' });
  tk.district = await s.tokenFor('bureau', { regionId: '500103' });
  tk.district2 = await s.tokenFor('bureau', { regionId: '500104' });
  tk.zjBureau = await s.tokenFor('bureau', { regionId: '330000' });
  tk.school1 = await s.tokenFor('school', { institutionId: w.schools.cq1 });
  tk.school2 = await s.tokenFor('school', { institutionId: cq.schools.cq2 });
  tk.school3 = await s.tokenFor('school', { institutionId: cq.schools.cq3 });
  tk.base = await s.tokenFor('institution', { institutionId: w.institutions.cqTrainer });
  tk.platform = await s.tokenFor('platform');
});
afterAll(async () => s?.close());

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const QUOTA = `mutation($data: CqBackboneQuotaInput!) { createCqBackboneQuota(data: $data) { id year level regionId schoolId quota } }`;
const REC = `mutation($t: ID!, $level: String!, $year: Int!) { cqRecommendBackbone(teacherId: $t, level: $level, year: $year) { id status level year schoolId regionId } }`;
const DISTRICT = `mutation($id: ID!, $approve: Boolean!, $reason: String) { cqReviewBackboneRecommendation(id: $id, approve: $approve, reason: $reason) { id status rejectReason } }`;
const EXPERT = `mutation($id: ID!, $approve: Boolean!, $reason: String) { cqReviewBackboneExpert(id: $id, approve: $approve, reason: $reason) { id status } }`;
const TRAINING = `mutation($data: CqBackboneTrainingInput!) { createCqBackboneTraining(data: $data) { id level teacherId centralizedMonths practiceMonths } }`;
const UPDATE_TRAINING = `mutation($id: ID!, $data: CqBackboneTrainingUpdateInput!) { updateCqBackboneTraining(id: $id, data: $data) { id centralizedMonths mentorPractice } }`;
const COMPLETE = `mutation($id: ID!, $passed: Boolean!, $reason: String) { cqCompleteBackboneTraining(trainingId: $id, passed: $passed, reason: $reason) { id result } }`;
const APPROVE = `mutation($id: ID!, $approve: Boolean!, $from: String) { cqApproveBackboneDesignation(id: $id, approve: $approve, designatedFrom: $from) { id status designatedFrom designatedUntil } }`;
const FORM = `mutation($data: String!) { submitForm(id: "chongqing.backbone-annual-assessment", data: $data) { ok id message } }`;
const REVIEW = `mutation($id: ID!, $passed: Boolean!, $comment: String) { cqReviewBackboneAssessment(id: $id, passed: $passed, comment: $comment) { id status result creditRecordId } }`;
const DESIGNATION = `query($id: ID!) { CqBackboneDesignation(id: $id) { id status consecutivePasses eligibleForLeaderReview nextCycleCandidate assessments { year result } } }`;
const COUNT = `{ _allCqBackboneDesignationsMeta { count } }`;

const pipeline: { d0?: string; d1?: string; d2?: string; training?: string } = {};

describe('BB-1 / BB-2 designation pipeline', () => {
  it('BB-2: the municipal bureau allocates district quotas, a district bureau its schools\' quotas', async () => {
    expect(code(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', regionId: '500103', quota: 2 } }, { token: tk.district }))).toBe('FORBIDDEN');
    ok(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', regionId: '500103', quota: 2 } }, { token: tk.municipal }));
    const q = ok(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', schoolId: w.schools.cq1, quota: 2 } }, { token: tk.district })).createCqBackboneQuota;
    expect(q).toMatchObject({ regionId: '500103', schoolId: String(w.schools.cq1), quota: 2 });
    ok(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', schoolId: cq.schools.cq2, quota: 1 } }, { token: tk.district }));
    // Another district's bureau, a school, a duplicate: refused.
    expect(code(await s.gql(QUOTA, { data: { year: Y, level: 'national', schoolId: w.schools.cq1, quota: 5 } }, { token: tk.district2 }))).toBe('FORBIDDEN');
    expect(code(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', schoolId: w.schools.cq1, quota: 9 } }, { token: tk.school1 }))).toBe('FORBIDDEN');
    expect(code(await s.gql(QUOTA, { data: { year: Y, level: 'municipal', schoolId: w.schools.cq1, quota: 9 } }, { token: tk.district }))).toBe('CONFLICT');
  });

  it('BB-2: the school recommends within its quota; one over is refused with the quota and the count (rule BB-2, limit, actual)', async () => {
    const [t0, t1, t2] = w.teachers.cq1;
    pipeline.d0 = ok(await s.gql(REC, { t: t0, level: 'municipal', year: Y }, { token: tk.school1 })).cqRecommendBackbone.id;
    pipeline.d1 = ok(await s.gql(REC, { t: t1, level: 'municipal', year: Y }, { token: tk.school1 })).cqRecommendBackbone.id;
    const over = await s.gql(REC, { t: t2, level: 'municipal', year: Y }, { token: tk.school1 });
    expect(ruleIds(over)).toEqual(['BB-2']);
    expect(over.errors![0]!.extensions).toMatchObject({ limit: 2, actual: 3, field: 'quota' });
    expect(over.errors![0]!.message).toBe(`BB-2 学校推荐的${Y}年市级骨干教师人数不得超过分配名额（实际 3 > 2）`);
    // No quota for national: 0.
    expect((await s.gql(REC, { t: t2, level: 'national', year: Y }, { token: tk.school1 })).errors![0]!.extensions).toMatchObject({ rule: 'BB-2', limit: 0, actual: 1 });
    pipeline.d2 = ok(await s.gql(REC, { t: cq.teachers.cq2[0], level: 'municipal', year: Y }, { token: tk.school2 })).cqRecommendBackbone.id;
    // Only its own teachers, once, at a BB-2 level, in Chongqing.
    expect(code(await s.gql(REC, { t: t2, level: 'municipal', year: Y }, { token: tk.school2 }))).toBe('NOT_FOUND');
    expect(code(await s.gql(REC, { t: t0, level: 'municipal', year: Y }, { token: tk.school1 }))).toBe('CONFLICT');
    expect(code(await s.gql(REC, { t: t2, level: 'district', year: Y }, { token: tk.school1 }))).toBe('BAD_USER_INPUT');
    expect(code(await s.gql(REC, { t: w.teachers.yh1[0], level: 'municipal', year: Y }, { token: tk.platform }))).toBe('BAD_USER_INPUT');
  });

  it('BB-2: the district reviews within the district quota; the municipal bureau cannot do the district step; refusals need a reason', async () => {
    expect(code(await s.gql(DISTRICT, { id: pipeline.d0, approve: true }, { token: tk.municipal }))).toBe('FORBIDDEN');
    expect(code(await s.gql(DISTRICT, { id: pipeline.d0, approve: true }, { token: tk.district2 }))).toBe('NOT_FOUND');
    expect(ok(await s.gql(DISTRICT, { id: pipeline.d0, approve: true }, { token: tk.district })).cqReviewBackboneRecommendation.status).toBe('district_approved');
    ok(await s.gql(DISTRICT, { id: pipeline.d1, approve: true }, { token: tk.district }));
    const over = await s.gql(DISTRICT, { id: pipeline.d2, approve: true }, { token: tk.district });
    expect(ruleIds(over)).toEqual(['BB-2']);
    expect(over.errors![0]!.extensions).toMatchObject({ limit: 2, actual: 3 });
    expect(code(await s.gql(DISTRICT, { id: pipeline.d2, approve: false }, { token: tk.district }))).toBe('BAD_USER_INPUT');
    expect(ok(await s.gql(DISTRICT, { id: pipeline.d2, approve: false, reason: '名额已满' }, { token: tk.district })).cqReviewBackboneRecommendation)
      .toMatchObject({ status: 'rejected', rejectReason: '名额已满' });
  });

  it('BB-2 / BB-3: expert review → training (months and two mentors) → assessment → approval sets the teacher\'s level (BB-1)', async () => {
    expect(code(await s.gql(EXPERT, { id: pipeline.d0, approve: true }, { token: tk.district }))).toBe('FORBIDDEN');
    expect(ok(await s.gql(EXPERT, { id: pipeline.d0, approve: true }, { token: tk.municipal })).cqReviewBackboneExpert.status).toBe('trainee');
    ok(await s.gql(EXPERT, { id: pipeline.d1, approve: false, reason: '材料不全' }, { token: tk.municipal }));
    // Steps in order only.
    expect(code(await s.gql(APPROVE, { id: pipeline.d0, approve: true }, { token: tk.municipal }))).toBe('CONFLICT');

    const tr = ok(await s.gql(TRAINING, {
      data: { designationId: pipeline.d0, baseInstitutionId: w.institutions.cqTrainer, startDate: `${Y}-01-05`, centralizedMonths: 1, practiceMonths: 6, mentorBase: '刘志远' },
    }, { token: tk.base })).createCqBackboneTraining;
    pipeline.training = tr.id;
    expect(tr).toMatchObject({ level: 'municipal', teacherId: String(w.teachers.cq1[0]) });
    const short = await s.gql(COMPLETE, { id: tr.id, passed: true }, { token: tk.base });
    expect(ruleIds(short)).toEqual(['BB-3', 'BB-3']);
    expect(short.errors!.map((e) => [e.extensions!.field, e.extensions!.limit, e.extensions!.actual])).toEqual([['centralizedMonths', 1.5, 1], ['mentorPractice', 2, 1]]);
    ok(await s.gql(UPDATE_TRAINING, { id: tr.id, data: { centralizedMonths: 1.5, mentorPractice: '陈晓红' } }, { token: tk.base }));
    expect(ok(await s.gql(COMPLETE, { id: tr.id, passed: true }, { token: tk.base })).cqCompleteBackboneTraining.result).toBe('pass');
    expect(code(await s.gql(UPDATE_TRAINING, { id: tr.id, data: { practiceMonths: 1 } }, { token: tk.base }))).toBe('CONFLICT');

    const d = ok(await s.gql(APPROVE, { id: pipeline.d0, approve: true, from: `${Y}-01-01` }, { token: tk.municipal })).cqApproveBackboneDesignation;
    expect(d).toMatchObject({ status: 'designated', designatedFrom: `${Y}-01-01`, designatedUntil: `${Y + 4}-12-31` });
    const teacher = await s.ds.getRepository(Teacher).findOneByOrFail({ id: w.teachers.cq1[0] });
    expect(teacher.backboneLevel).toBe('municipal');
    const change = await s.ds.getRepository(TeacherChange).findOneByOrFail({ teacherId: teacher.id, version: teacher.version });
    expect(JSON.parse(change.after)).toEqual({ backboneLevel: 'municipal' });
  });

  it('BB-2: designations are scoped — the municipal bureau sees all, a district its district, a school its teachers, a teacher their own', async () => {
    const count = async (token: string) => ok(await s.gql(COUNT, {}, { token }))._allCqBackboneDesignationsMeta.count;
    expect(await count(tk.municipal)).toBe(3);
    expect(await count(tk.district)).toBe(3);
    expect(await count(tk.district2)).toBe(0);
    expect(await count(tk.zjBureau)).toBe(0);
    expect(await count(tk.school1)).toBe(2);
    expect(await count(tk.school2)).toBe(1);
    expect(await count(tk.base)).toBe(1);
    expect(await count(await s.tokenFor('teacher', { teacherId: w.teachers.cq1[0] }))).toBe(1);
  });
});

describe('BB-4 / BB-5 / BB-8 annual assessment', () => {
  const form = (year: number, over: object = {}) => JSON.stringify({
    year,
    monograph: { title: '《给教师的建议》', notes: true },
    reflections: { first: 1, second: 0 },
    researchProjects: [{ title: '小学数学大单元教学研究', level: 'municipal', role: 'host', outcome: 'stage' }],
    papers: [],
    prizes: [{ title: '教学成果', level: 'provincial', grade: 'third' }],
    demonstrationLessons: { first: 1, second: 1 },
    lectures: { first: 1, second: 1 },
    guidedTeachers: [{ name: '张三', level: 'district' }],
    ...over,
  });
  let assessmentId: string;

  it('BB-4: the 年度考核登记表 records the duties; shortfalls are stored and reported, not refused; resubmission replaces', async () => {
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.cq1[0] });
    const r = ok(await s.gql(FORM, { data: form(Y) }, { token: teacher })).submitForm;
    assessmentId = r.id;
    expect(r.message).toContain('2 项职责未达要求');
    const row = await s.ds.getRepository(CqBackboneAssessment).findOneByOrFail({ id: Number(r.id) });
    expect(row).toMatchObject({ status: 'submitted', year: Y, level: 'municipal', schoolId: w.schools.cq1, regionId: '500103' });
    expect(JSON.parse(row.dutyFindings).map((f: { duty: string }) => f.duty)).toEqual(['reflections.second', 'guidedTeachers']);
    const again = ok(await s.gql(FORM, { data: form(Y, { reflections: { first: 1, second: 2 }, guidedTeachers: [{ name: '张三', level: 'district' }, { name: '李四', level: 'district' }] }) }, { token: teacher })).submitForm;
    expect(again.id).toBe(r.id);
    expect(JSON.parse((await s.ds.getRepository(CqBackboneAssessment).findOneByOrFail({ id: Number(r.id) })).dutyFindings)).toEqual([]);
    // The schema is checked first; a teacher without a designation has no form to file.
    expect(code(await s.gql(FORM, { data: JSON.stringify({ year: Y }) }, { token: teacher }))).toBe('BAD_USER_INPUT');
    const other = await s.tokenFor('teacher', { teacherId: w.teachers.cq1[4] });
    expect(code(await s.gql(FORM, { data: form(Y) }, { token: other }))).toBe('BAD_USER_INPUT');
  });

  it('BB-5: a submission after the deadline (an option, here 12-31) is refused with the date', async () => {
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.cq1[0] });
    const r = await s.gql(FORM, { data: form(Y - 1) }, { token: teacher });
    expect(ruleIds(r)).toEqual(['BB-5']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: `${Y - 1}-12-31`, actual: chinaToday(), field: 'year' });
    expect(r.errors![0]!.message).toContain(`${Y - 1}年度考核登记表须于${Y - 1}-12-31前报送`);
  });

  it('BB-5: three review levels in order — school, district, municipal committee; BB-8: the pass registers annual_complete credits', async () => {
    expect(code(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.district }))).toBe('FORBIDDEN');
    expect(code(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.municipal }))).toBe('FORBIDDEN');
    expect(code(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.school2 }))).toBe('NOT_FOUND');
    expect(ok(await s.gql(REVIEW, { id: assessmentId, passed: true, comment: '履职良好' }, { token: tk.school1 })).cqReviewBackboneAssessment.status).toBe('school_passed');
    // Under review: the form is locked.
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.cq1[0] });
    expect(code(await s.gql(FORM, { data: form(Y) }, { token: teacher }))).toBe('CONFLICT');
    expect(ok(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.district })).cqReviewBackboneAssessment.status).toBe('district_passed');
    const done = ok(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.municipal })).cqReviewBackboneAssessment;
    expect(done).toMatchObject({ status: 'passed', result: 'pass' });
    const credit = await s.ds.getRepository(CreditRecord).findOneByOrFail({ id: Number(done.creditRecordId) });
    expect(credit).toMatchObject({ teacherId: w.teachers.cq1[0], year: Y, source: CreditSource.annual_complete, credits: 72, hours: 72, regionId: '500103' });
    expect(code(await s.gql(REVIEW, { id: assessmentId, passed: true }, { token: tk.municipal }))).toBe('CONFLICT');
  });

  it('BB-5: the district passing a form on after the deadline is refused; failing it needs a comment', async () => {
    const d = await s.ds.getRepository(CqBackboneDesignation).findOneByOrFail({ id: Number(pipeline.d0) });
    const late = await insertAssessment(w, d, Y - 1, { result: null, status: 'school_passed' });
    const r = await s.gql(REVIEW, { id: late.id, passed: true }, { token: tk.district });
    expect(ruleIds(r)).toEqual(['BB-5']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: `${Y - 1}-12-31`, actual: chinaToday() });
    expect(code(await s.gql(REVIEW, { id: late.id, passed: false }, { token: tk.district }))).toBe('BAD_USER_INPUT');
    expect(ok(await s.gql(REVIEW, { id: late.id, passed: false, comment: '逾期未报' }, { token: tk.district })).cqReviewBackboneAssessment).toMatchObject({ status: 'failed', result: 'fail' });
  });

  it('BB-8: a failed year registers no annual_complete record; the teacher\'s actual credits stand', async () => {
    const teacherId = w.teachers.cq1[2]!;
    const d = await insertDesignation(w, teacherId, { designatedFrom: `${Y}-01-01` });
    const repo = s.ds.getRepository(CreditRecord);
    await repo.insert({
      teacherId, cycleId: w.cycles.current, regionId: '500103', year: Y, credits: 24, hours: 24, source: CreditSource.class, classId: null,
      enrollmentId: null, evidence: null, correctsId: null, reason: null, grantKey: null, createdBy: 'test', createdAt: new Date(),
    });
    const a = await insertAssessment(w, d, Y, { result: null, status: 'district_passed' });
    expect(ok(await s.gql(REVIEW, { id: a.id, passed: false, comment: '未完成年度职责' }, { token: tk.municipal })).cqReviewBackboneAssessment)
      .toMatchObject({ status: 'failed', result: 'fail', creditRecordId: null });
    const records = await repo.find({ where: { teacherId } });
    expect(records.map((r) => [r.source, Number(r.credits)])).toEqual([['class', 24]]);
  });
});

describe('BB-6 consecutive passes and revocation', () => {
  const RENEW = `mutation($id: ID!) { cqRenewBackboneDesignation(id: $id) { id status level previousDesignationId } }`;
  const REVOKE = `mutation($id: ID!, $reason: String!) { cqRevokeBackboneDesignation(id: $id, reason: $reason) { id status revokeReason revokedOn } }`;

  it('BB-6: 3 consecutive passes → eligible for 学科带头人 review; 5 → next cycle candidate, renewed directly as a trainee', async () => {
    const five = await insertDesignation(w, cq.teachers.cq2[1]!, { designatedFrom: '2021-01-01' });
    for (const y of [2021, 2022, 2023, 2024, 2025]) await insertAssessment(w, five, y);
    const three = await insertDesignation(w, cq.teachers.cq2[2]!, { designatedFrom: '2021-01-01', level: 'national' });
    for (const y of [2021, 2023, 2024, 2025]) await insertAssessment(w, three, y);
    await insertAssessment(w, three, 2022, { result: 'fail' });
    const gap = await insertDesignation(w, cq.teachers.cq3[2]!, { designatedFrom: '2021-01-01' });
    for (const y of [2021, 2022, 2023, 2025]) await insertAssessment(w, gap, y);

    const read = async (id: number) => ok(await s.gql(DESIGNATION, { id }, { token: tk.municipal })).CqBackboneDesignation;
    expect(await read(five.id)).toMatchObject({ consecutivePasses: 5, eligibleForLeaderReview: true, nextCycleCandidate: true });
    expect(await read(three.id)).toMatchObject({ consecutivePasses: 3, eligibleForLeaderReview: true, nextCycleCandidate: false });
    expect(await read(gap.id)).toMatchObject({ consecutivePasses: 1, eligibleForLeaderReview: false, nextCycleCandidate: false });

    const refused = await s.gql(RENEW, { id: three.id }, { token: tk.municipal });
    expect(ruleIds(refused)).toEqual(['BB-6']);
    expect(refused.errors![0]!.extensions).toMatchObject({ limit: 5, actual: 3 });
    expect(code(await s.gql(RENEW, { id: five.id }, { token: tk.district }))).toBe('FORBIDDEN');
    const next = ok(await s.gql(RENEW, { id: five.id }, { token: tk.municipal })).cqRenewBackboneDesignation;
    expect(next).toMatchObject({ status: 'trainee', level: 'municipal', previousDesignationId: String(five.id) });
    expect(code(await s.gql(RENEW, { id: five.id }, { token: tk.municipal }))).toBe('CONFLICT');
  });

  it('BB-6: revocation (取消资格) is the municipal bureau\'s, with a reason, and clears the teacher\'s level', async () => {
    const teacherId = w.teachers.cq1[0]!;
    expect(code(await s.gql(REVOKE, { id: pipeline.d0, reason: '弄虚作假' }, { token: tk.district }))).toBe('FORBIDDEN');
    expect(code(await s.gql(REVOKE, { id: pipeline.d0, reason: '  ' }, { token: tk.municipal }))).toBe('BAD_USER_INPUT');
    const r = ok(await s.gql(REVOKE, { id: pipeline.d0, reason: '年度考核材料弄虚作假' }, { token: tk.municipal })).cqRevokeBackboneDesignation;
    expect(r).toMatchObject({ status: 'revoked', revokeReason: '年度考核材料弄虚作假', revokedOn: chinaToday() });
    expect((await s.ds.getRepository(Teacher).findOneByOrFail({ id: teacherId })).backboneLevel).toBe('none');
    expect(ok(await s.gql(DESIGNATION, { id: pipeline.d0 }, { token: tk.municipal })).CqBackboneDesignation.eligibleForLeaderReview).toBe(false);
  });
});

describe('BB-7 stipend ledger', () => {
  const LEDGER = `query($year: Int!) { cqBackboneStipendLedger(year: $year) { year total
    teachers { teacherId schoolId regionId level months monthlyRate amount } schools { schoolId teachers months amount } districts { regionId schools teachers amount } } }`;

  it('BB-7: 80 yuan/month national, 50 municipal, for months held in a passed year; per teacher, school (payer) and district; scoped', async () => {
    const [a0, a1] = cq.teachers.cq3 as [number, number];
    const national = await insertDesignation(w, a0, { designatedFrom: '2020-03-15', level: 'national' });
    await insertAssessment(w, national, 2020);
    const full = await insertDesignation(w, a1, { designatedFrom: '2019-01-01' });
    await insertAssessment(w, full, 2020);
    const revoked = await insertDesignation(w, w.teachers.cq1[3]!, { designatedFrom: '2019-01-01', status: 'revoked', revokedOn: '2020-07-01' });
    await insertAssessment(w, revoked, 2020);
    const failed = await insertDesignation(w, w.teachers.cq1[4]!, { designatedFrom: '2019-01-01' });
    await insertAssessment(w, failed, 2020, { result: 'fail' });
    await insertAssessment(w, failed, 2019);

    const ledger = ok(await s.gql(LEDGER, { year: 2020 }, { token: tk.municipal })).cqBackboneStipendLedger;
    expect(ledger.total).toBe(1620);
    expect(ledger.teachers.map((r: any) => [Number(r.teacherId), r.level, r.months, r.monthlyRate, r.amount])).toEqual([
      [w.teachers.cq1[3], 'municipal', 6, 50, 300],
      [a0, 'national', 9, 80, 720],
      [a1, 'municipal', 12, 50, 600],
    ]);
    expect(ledger.schools.map((r: any) => [Number(r.schoolId), r.teachers, r.months, r.amount])).toEqual([[w.schools.cq1, 1, 6, 300], [cq.schools.cq3, 2, 21, 1320]]);
    expect(ledger.districts).toEqual([{ regionId: '500103', schools: 1, teachers: 1, amount: 300 }, { regionId: '500104', schools: 1, teachers: 2, amount: 1320 }]);

    const total = async (token: string) => ok(await s.gql(LEDGER, { year: 2020 }, { token })).cqBackboneStipendLedger.total;
    expect(await total(tk.district)).toBe(300);
    expect(await total(tk.district2)).toBe(1320);
    expect(await total(tk.school3)).toBe(1320);
    expect(await total(tk.zjBureau)).toBe(0);
    expect(await total(await s.tokenFor('teacher', { teacherId: a0 }))).toBe(720);
    expect(code(await s.gql(LEDGER, { year: 2020 }, { token: tk.base }))).toBe('FORBIDDEN');
    // 2019: only the failed-in-2020 teacher passed 2019.
    expect(await total(tk.municipal)).toBe(1620);
    expect(ok(await s.gql(LEDGER, { year: 2019 }, { token: tk.municipal })).cqBackboneStipendLedger.teachers.map((r: any) => r.amount)).toEqual([600]);
  });

  it('BB-7: the ledger exports to Excel (.xlsx, base64) with sheets per teacher, school and district', async () => {
    const file = ok(await s.gql(`query { cqBackboneStipendLedgerXlsx(year: 2020) { filename contentType base64 } }`, {}, { token: tk.municipal })).cqBackboneStipendLedgerXlsx;
    expect(file.filename).toBe('chongqing-backbone-stipend-2020.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['教师', '学校', '区县']);
    const teachers = wb.getWorksheet('教师')!;
    expect(teachers.getRow(1).values).toEqual([undefined, '区县', '学校（发放单位）', '教师', '级别', '月数', '月津贴（元）', '金额（元）']);
    expect(teachers.getRow(3).getCell(4).value).toBe('国家级');
    expect(teachers.getRow(3).getCell(7).value).toBe(720);
    expect(wb.getWorksheet('区县')!.getRow(4).getCell(4).value).toBe(1620);
  });
});

describe('BB-9 travel costs', () => {
  const CLAIM = `mutation($data: CqTravelClaimInput!) { createCqTravelClaim(data: $data) { id amount districtShare schoolShare teacherId schoolId regionId } }`;

  it('BB-9: a travel claim of a backbone training is split 50/50 between the district bureau and the school', async () => {
    const data = { trainingId: pipeline.training, date: `${Y}-03-10`, description: '集中培训往返交通', amount: 1000.5 };
    const r = ok(await s.gql(CLAIM, { data }, { token: tk.school1 })).createCqTravelClaim;
    expect(r).toMatchObject({ amount: 1000.5, districtShare: 500.25, schoolShare: 500.25, teacherId: String(w.teachers.cq1[0]), regionId: '500103' });
    const odd = ok(await s.gql(CLAIM, { data: { ...data, amount: 99.99 } }, { token: tk.district })).createCqTravelClaim;
    expect([odd.districtShare, odd.schoolShare]).toEqual([50, 49.99]);
    expect(code(await s.gql(CLAIM, { data }, { token: tk.district2 }))).toBe('NOT_FOUND');
    expect(code(await s.gql(CLAIM, { data }, { token: tk.school2 }))).toBe('NOT_FOUND');
  });
});
