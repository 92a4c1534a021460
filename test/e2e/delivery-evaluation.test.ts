import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassStatus, InstitutionKind, ProjectLevel, ProjectStatus, QualificationStatus } from '../../core/entities/enums.js';
import { Institution, Qualification, QualificationAction, type Project, type TrainingClass } from '../../core/entities/index.js';
import { approveEnrollments, evaluate } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
let zj: string;

const SUBMIT = `mutation($e: ID!, $s: Int!, $c: String) { submitEvaluation(enrollmentId: $e, satisfaction: $s, comment: $c) { id institutionId subject classId satisfaction comment } }`;
const SUMMARY = `query($i: ID, $s: String, $y: Int) { satisfactionSummary(institutionId: $i, subject: $s, year: $y) { institutionId institutionName subject count satisfiedCount average ratePercent } }`;
const EVALUATE = `mutation($y: Int!) { evaluateInstitutionPerformance(year: $y) {
  year inactiveInstitutionIds
  rows { institutionId subject count ratePercent previousRatePercent rank of lastPlace lastPlacePreviousYear finding }
  proposed { id institutionId qualificationId rule subject proposedStatus status reason } } }`;
const DECIDE = `mutation($id: ID!, $a: Boolean!, $r: String!) { decideQualificationAction(id: $id, approve: $a, reason: $r) { id status decidedBy decisionReason } }`;

async function institution(name: string, quals: [ProjectLevel, string, string][]) {
  const repo = s.ds.getRepository(Institution);
  const id = (await repo.save(repo.create({ name, kind: InstitutionKind.training, regionId: '330100' }))).id;
  for (const [level, subject, validFrom] of quals)
    await s.ds.getRepository(Qualification).insert({ institutionId: id, level, subject, validFrom, validTo: null, status: QualificationStatus.active, statusReason: null });
  return id;
}

/** A class of `institutionId` in `subject` ending in `year`, rated by `scores`. */
async function ratedClass(institutionId: number, subject: string, year: number, scores: number[]): Promise<{ p: Project; cls: TrainingClass }> {
  const p = await makeProject(w, { institutionId, subject, status: ProjectStatus.published, startDate: `${year}-10-10`, endDate: `${year}-10-12` });
  const cls = await makeClass(w, p);
  await evaluate(w, cls, p, [...w.teachers.yh1, ...w.teachers.yh2, ...w.teachers.cq1].slice(0, scores.length).reverse(), scores);
  return { p, cls };
}

let instB: number;
let instC: number;
let instD: number;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds, { teachersPerSchool: 4 });
  zj = await s.tokenFor('bureau', { regionId: w.regions.zj });
});
afterAll(async () => s?.close());

describe('evaluations', () => {
  it('C-10: the trainee rates the class once; institution and subject come from the project', async () => {
    const p = await makeProject(w, { status: ProjectStatus.published, subject: '语文' });
    const cls = await makeClass(w, p, { startDate: '2024-05-06', endDate: '2024-05-08' });
    const [e, e2] = await approveEnrollments(w, cls, w.teachers.yh1.slice(0, 2));
    const me = await s.tokenFor('teacher', { teacherId: e!.teacherId });
    const r = await s.gql(SUBMIT, { e: e!.id, s: 88, c: '案例研讨很实用' }, { token: me });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitEvaluation).toMatchObject({ institutionId: String(w.institutions.zjTrainer), subject: '语文', classId: String(cls.id), satisfaction: 88 });
    expect((await s.gql(SUBMIT, { e: e!.id, s: 20 }, { token: me })).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', rule: 'C-10' });
    expect((await s.gql(SUBMIT, { e: e2!.id, s: 50 }, { token: me })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const other = await s.tokenFor('teacher', { teacherId: e2!.teacherId });
    expect((await s.gql(SUBMIT, { e: e2!.id, s: 101 }, { token: other })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'satisfaction' });
    expect((await s.gql(SUBMIT, { e: e2!.id, s: 40 }, { token: other })).errors).toBeUndefined();
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(SUBMIT, { e: e2!.id, s: 90 }, { token: school })).errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    const sum = await s.gql(SUMMARY, { y: 2024 }, { token: inst });
    expect(sum.data.satisfactionSummary).toEqual([
      { institutionId: String(w.institutions.zjTrainer), institutionName: '杭州师范大学', subject: '语文', count: 2, satisfiedCount: 1, average: 64, ratePercent: 50 },
    ]);
    const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
    expect((await s.gql(SUMMARY, {}, { token: cq })).data.satisfactionSummary).toEqual([]);
  });
});

describe('institution performance', () => {
  it('C-11: a subject below 70%, or last twice running below 80%, is proposed for suspension; nothing else', async () => {
    instB = await institution('乙师训中心', [[ProjectLevel.provincial, '*', '2018-01-01']]);
    instC = await institution('丙教师发展中心', [[ProjectLevel.provincial, '数学', '2018-01-01'], [ProjectLevel.district, '语文', '2018-01-01']]);
    const A = w.institutions.zjTrainer;
    // 语文: A 100% both years, B 75% both years (last twice, < 80%)
    await ratedClass(A, '语文', 2025, [90, 95, 80, 85]);
    await ratedClass(instB, '语文', 2025, [80, 90, 70, 50]);
    await ratedClass(A, '语文', 2026, [90, 95, 80, 85]);
    await ratedClass(instB, '语文', 2026, [80, 90, 70, 50]);
    // 数学: A 100%, C 50% (< 70%); C in 语文 at 75% only once (2026), ranked above B
    await ratedClass(A, '数学', 2026, [90, 80, 70, 60]);
    await ratedClass(instC, '数学', 2026, [50, 40, 90, 80]);
    await ratedClass(instC, '语文', 2026, [90, 90, 90, 50]);

    const r = await s.gql(EVALUATE, { y: 2026 }, { token: zj });
    expect(r.errors).toBeUndefined();
    const res = r.data.evaluateInstitutionPerformance;
    const row = (i: number, subj: string) => res.rows.find((x: { institutionId: string; subject: string }) => x.institutionId === String(i) && x.subject === subj);
    expect(row(instB, '语文')).toMatchObject({ ratePercent: 75, previousRatePercent: 75, rank: 3, of: 3, lastPlace: true, lastPlacePreviousYear: true });
    expect(row(instB, '语文').finding).toMatch(/^C-11 .*连续两年排名倒数第一/);
    expect(row(instC, '数学')).toMatchObject({ ratePercent: 50, lastPlace: true, lastPlacePreviousYear: false });
    expect(row(instC, '语文')).toMatchObject({ ratePercent: 75, rank: 2, lastPlace: false, finding: null });
    expect(row(A, '语文')).toMatchObject({ ratePercent: 100, rank: 1, finding: null });

    const proposed = res.proposed.filter((p: { rule: string }) => p.rule === 'C-11');
    expect(proposed.map((p: { institutionId: string; subject: string; proposedStatus: string; status: string }) => [Number(p.institutionId), p.subject, p.proposedStatus, p.status])).toEqual([
      [instB, '语文', 'suspended', 'proposed'],
      [instC, '数学', 'suspended', 'proposed'],
    ]);
    // the qualification is untouched until the bureau decides
    expect(await s.ds.getRepository(Qualification).countBy({ institutionId: instB, status: QualificationStatus.active })).toBe(1);
    // running again proposes nothing new
    expect((await s.gql(EVALUATE, { y: 2026 }, { token: zj })).data.evaluateInstitutionPerformance.proposed.filter((p: { rule: string }) => p.rule === 'C-11')).toEqual([]);
  });

  it('C-11: approval suspends only that subject (a "*" licence keeps its other subjects); rejection changes nothing', async () => {
    const actions = await s.ds.getRepository(QualificationAction).find({ where: { rule: 'C-11' }, order: { id: 'ASC' } });
    const b = actions.find((a) => a.institutionId === instB)!;
    const c = actions.find((a) => a.institutionId === instC)!;
    const inst = await s.tokenFor('institution', { institutionId: instB });
    expect((await s.gql(DECIDE, { id: b.id, a: true, r: '同意' }, { token: inst })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
    expect((await s.gql(DECIDE, { id: b.id, a: true, r: '同意' }, { token: cq })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await s.gql(DECIDE, { id: b.id, a: true, r: ' ' }, { token: zj })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    const ok = await s.gql(DECIDE, { id: b.id, a: true, r: '经复核属实，暂停语文学科资质' }, { token: zj });
    expect(ok.data.decideQualificationAction).toMatchObject({ status: 'approved', decisionReason: '经复核属实，暂停语文学科资质' });
    const quals = await s.ds.getRepository(Qualification).find({ where: { institutionId: instB }, order: { id: 'ASC' } });
    expect(quals.map((q) => [q.subject, q.status])).toEqual([['*', 'active'], ['语文', 'suspended']]);
    expect(quals[1]!.statusReason).toBe('C-11: 经复核属实，暂停语文学科资质');
    expect((await s.gql(DECIDE, { id: b.id, a: false, r: '再议' }, { token: zj })).errors![0]!.extensions!.code).toBe('CONFLICT');

    const no = await s.gql(DECIDE, { id: c.id, a: false, r: '样本过少，下年度再评' }, { token: zj });
    expect(no.data.decideQualificationAction.status).toBe('rejected');
    expect((await s.ds.getRepository(Qualification).findOneByOrFail({ id: c.qualificationId })).status).toBe('active');
  });

  it('C-12: no class in three consecutive years proposes revoking municipal and national (not district) qualifications', async () => {
    const since = '2015-01-01';
    instD = await institution('丁培训基地', [[ProjectLevel.national, '*', since], [ProjectLevel.municipal, '*', since], [ProjectLevel.district, '*', since]]);
    const busy = await institution('戊培训基地', [[ProjectLevel.national, '*', since]]);
    const fresh = await institution('己培训基地', [[ProjectLevel.national, '*', '2025-03-01']]);
    const old = await makeProject(w, { institutionId: instD, startDate: '2023-06-01', endDate: '2023-06-03' });
    await makeClass(w, old);
    const cancelled = await makeProject(w, { institutionId: instD, startDate: '2025-06-01', endDate: '2025-06-03' });
    await makeClass(w, cancelled, { status: ClassStatus.cancelled });
    const recent = await makeProject(w, { institutionId: busy, startDate: '2024-03-01', endDate: '2024-03-02' });
    await makeClass(w, recent);

    const r = await s.gql(EVALUATE, { y: 2026 }, { token: zj });
    const res = r.data.evaluateInstitutionPerformance;
    expect(res.inactiveInstitutionIds).toContain(String(instD));
    expect(res.inactiveInstitutionIds).not.toContain(String(busy));
    expect(res.inactiveInstitutionIds).not.toContain(String(fresh));
    const c12 = res.proposed.filter((p: { rule: string }) => p.rule === 'C-12');
    expect(c12.every((p: { institutionId: string; proposedStatus: string }) => p.institutionId === String(instD) && p.proposedStatus === 'revoked')).toBe(true);
    const levels = await s.ds.getRepository(Qualification).findBy(c12.map((p: { qualificationId: string }) => ({ id: Number(p.qualificationId) })));
    expect(levels.map((q) => q.level).sort()).toEqual(['municipal', 'national']);
    // in 2023 (a class that year) D was active: nothing for D
    const y2023 = await s.gql(EVALUATE, { y: 2023 }, { token: zj });
    expect(y2023.data.evaluateInstitutionPerformance.inactiveInstitutionIds).not.toContain(String(instD));

    const approve = await s.gql(DECIDE, { id: c12[0].id, a: true, r: '连续三年未承担培训任务' }, { token: zj });
    expect(approve.data.decideQualificationAction.status).toBe('approved');
    expect((await s.ds.getRepository(Qualification).findOneByOrFail({ id: Number(c12[0].qualificationId) })).status).toBe('revoked');
  });

  it('only a bureau evaluates institutions', async () => {
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    expect((await s.gql(EVALUATE, { y: 2026 }, { token: inst })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(EVALUATE, { y: 2026 }, { token: school })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    // a bureau elsewhere sees none of Zhejiang's institutions
    const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
    const r = await s.gql(EVALUATE, { y: 2026 }, { token: cq });
    expect(r.data.evaluateInstitutionPerformance.rows).toEqual([]);
  });
});
