import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionStatus, Grade, InstitutionKind, ProjectLevel, ProjectStatus, QualificationStatus } from '../../core/entities/enums.js';
import { ClassSession, CreditRecord, Institution, Qualification, QualificationAction, type Enrollment } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { approveEnrollments, assess, attendAll } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A test plugin over Zhejiang refusing, at 'credit.grant', the teachers listed here. */
const refusedTeachers = new Set<number>();
const seen: { classId: number; teacherId: number; enrollmentId: number }[] = [];
const gate = definePlugin<{ rule: string }>({
  name: 'test-credit-gate',
  regions: ['330000'],
  defaults: { rule: 'TEST-1' },
  optionsSchema: { type: 'object', properties: { rule: { type: 'string' } } },
  setup: (o) => ({
    rules: {
      'credit.grant': [({ input }) => {
        seen.push(input);
        return refusedTeachers.has(input.teacherId)
          ? [{ rule: o.rule, messageZh: '未经学校事先同意', messageEn: 'no prior school approval', limit: 'approved', actual: 'none' }]
          : [];
      }],
    },
  }),
});

let s: TestServer;
let w: World;
let inst: string;

const GRANT = `mutation($id: ID!) { grantClassCredits(classId: $id) {
  granted already notPassed refused { teacherId rule messageZh limit actual }
  records { teacherId cycleId regionId year credits hours source classId enrollmentId } } }`;

/** A class of a published project with every trainee attending fully and graded. */
async function gradedClass(grades: (Grade | [Grade, Grade])[], over: Parameters<typeof makeProject>[1] = {}, teachers = w.teachers.yh1) {
  const p = await makeProject(w, { status: ProjectStatus.published, credits: 24, hours: 24, ...over });
  const cls = await makeClass(w, p);
  const en = await approveEnrollments(w, cls, teachers.slice(0, grades.length));
  for (const [i, g] of grades.entries()) {
    await attendAll(w, en[i]!);
    if (Array.isArray(g)) { await assess(w, en[i]!, g[0], 1); await assess(w, en[i]!, g[1], 2); } else await assess(w, en[i]!, g);
  }
  return { p, cls, en };
}

beforeAll(async () => {
  s = await startTestServer({ plugins: [gate()] });
  w = await buildWorld(s.ds);
  inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
});
afterAll(async () => s?.close());

describe('class credits', () => {
  it('C-6: credits follow the latest assessment — pass and excellent get the project\'s credits, fail nothing; a second grant adds nothing', async () => {
    const { cls, en } = await gradedClass([Grade.excellent, Grade.pass, Grade.fail, [Grade.fail, Grade.pass], [Grade.pass, Grade.fail]]);
    const r = await s.gql(GRANT, { id: cls.id }, { token: inst });
    expect(r.errors).toBeUndefined();
    expect(r.data.grantClassCredits).toMatchObject({ granted: 3, already: 0, notPassed: 2, refused: [] });
    const teachers = [en[0]!, en[1]!, en[3]!].map((e: Enrollment) => e.teacherId).sort((a, b) => a - b);
    expect(r.data.grantClassCredits.records.map((x: { teacherId: string }) => Number(x.teacherId))).toEqual(teachers);
    expect(r.data.grantClassCredits.records[0]).toMatchObject({
      cycleId: String(w.cycles.current), regionId: '330110', year: 2026, credits: 24, hours: 24, source: 'class', classId: String(cls.id),
    });
    // the plugin saw every passing trainee at 'credit.grant'
    expect(seen.filter((x) => x.classId === cls.id).map((x) => x.teacherId).sort((a, b) => a - b)).toEqual(teachers);

    const bureau = await s.tokenFor('bureau', { regionId: w.regions.zj });
    const again = await s.gql(GRANT, { id: cls.id }, { token: bureau });
    expect(again.data.grantClassCredits).toMatchObject({ granted: 0, already: 3, notPassed: 2 });
    expect(await s.ds.getRepository(CreditRecord).countBy({ classId: cls.id })).toBe(3);
  });

  it('C-6: five concurrent grants of one class leave exactly one record per teacher', async () => {
    const { cls } = await gradedClass([Grade.pass, Grade.pass, Grade.excellent, Grade.pass], {}, w.teachers.yh2);
    const results = await Promise.all(Array.from({ length: 5 }, () => s.gql(GRANT, { id: cls.id }, { token: inst })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const counts = results.map((r) => r.data.grantClassCredits as { granted: number; already: number });
    expect(counts.reduce((n, c) => n + c.granted, 0)).toBe(4);
    for (const c of counts) expect(c.granted + c.already).toBe(4);
    const rows = await s.ds.getRepository(CreditRecord).findBy({ classId: cls.id });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((x) => x.grantKey)).size).toBe(4);
    expect(rows.every((x) => x.grantKey === `class:${cls.id}:${x.teacherId}`)).toBe(true);
  });

  it('C-7: a trainee absent for 1/3 of the hours gets no credits, even if a pass was recorded', async () => {
    const p = await makeProject(w, { status: ProjectStatus.published });
    const cls = await makeClass(w, p);
    const [e] = await approveEnrollments(w, cls, [w.teachers.yh1[0]!]);
    const sessions = await s.ds.getRepository(ClassSession).findBy({ classId: cls.id });
    await attendAll(w, e!, { [sessions[0]!.id]: 8 }); // 8 of 24 hours missed
    await assess(w, e!, Grade.pass); // written past the API, which would refuse it
    const r = await s.gql(GRANT, { id: cls.id }, { token: inst });
    expect(r.data.grantClassCredits).toMatchObject({ granted: 0, refused: [{ teacherId: String(e!.teacherId), rule: 'C-7', limit: '8', actual: '8' }] });
  });

  it('a plugin rule at credit.grant skips that teacher and the others still get their credits', async () => {
    const { cls, en } = await gradedClass([Grade.pass, Grade.pass]);
    refusedTeachers.add(en[1]!.teacherId);
    try {
      const r = await s.gql(GRANT, { id: cls.id }, { token: inst });
      expect(r.data.grantClassCredits).toMatchObject({
        granted: 1, refused: [{ teacherId: String(en[1]!.teacherId), rule: 'TEST-1', messageZh: '未经学校事先同意', limit: 'approved', actual: 'none' }],
      });
    } finally {
      refusedTeachers.clear();
    }
    // once the rule is satisfied, the next grant adds the skipped teacher only
    expect((await s.gql(GRANT, { id: cls.id }, { token: inst })).data.grantClassCredits).toMatchObject({ granted: 1, already: 1 });
  });

  it('C-5: no credits when the institution held no valid qualification for the level and subject over the class dates', async () => {
    const repo = s.ds.getRepository(Institution);
    const late = (await repo.save(repo.create({ name: '新设培训机构', kind: InstitutionKind.training, regionId: '330100' }))).id;
    await s.ds.getRepository(Qualification).insert({
      institutionId: late, level: ProjectLevel.provincial, subject: '*', validFrom: '2026-12-03', validTo: null, status: QualificationStatus.active, statusReason: null,
    });
    const { cls } = await gradedClass([Grade.pass], { institutionId: late });
    const token = await s.tokenFor('institution', { institutionId: late });
    const r = await s.gql(GRANT, { id: cls.id }, { token });
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-5', limit: 'provincial/语文 2026-12-01..2026-12-04', actual: 'valid 2026-12-03..' });
    expect(r.errors![0]!.message).toContain('2026-12-01 至 2026-12-04');
    // a national licence is not a provincial one
    const { cls: wrongLevel } = await gradedClass([Grade.pass], { institutionId: late, level: ProjectLevel.national });
    expect((await s.gql(GRANT, { id: wrongLevel.id }, { token })).errors![0]!.extensions).toMatchObject({ rule: 'C-5', actual: 'none' });
    expect(await s.ds.getRepository(CreditRecord).countBy({ classId: cls.id })).toBe(0);
  });

  it('C-5: a subject suspended before the class ended blocks credits; a licence revoked after the class still counts', async () => {
    const repo = s.ds.getRepository(Institution);
    const q = s.ds.getRepository(Qualification);
    const a = (await repo.save(repo.create({ name: '甲培训中心', kind: InstitutionKind.training, regionId: '330100' }))).id;
    await q.insert({ institutionId: a, level: ProjectLevel.provincial, subject: '*', validFrom: '2020-01-01', validTo: null, status: QualificationStatus.active, statusReason: null });
    // C-11 suspended 语文 on 2026-06-01 (a subject row overriding the '*' licence)
    await q.insert({ institutionId: a, level: ProjectLevel.provincial, subject: '语文', validFrom: '2026-06-01', validTo: null, status: QualificationStatus.suspended, statusReason: 'C-11' });
    const { cls } = await gradedClass([Grade.pass], { institutionId: a });
    const ta = await s.tokenFor('institution', { institutionId: a });
    expect((await s.gql(GRANT, { id: cls.id }, { token: ta })).errors![0]!.extensions).toMatchObject({ rule: 'C-5', actual: 'suspended 2026-06-01' });
    const { cls: maths } = await gradedClass([Grade.pass], { institutionId: a, subject: '数学' });
    expect((await s.gql(GRANT, { id: maths.id }, { token: ta })).data.grantClassCredits.granted).toBe(1);

    const b = (await repo.save(repo.create({ name: '乙培训中心', kind: InstitutionKind.training, regionId: '330100' }))).id;
    const qid = (await q.save(q.create({ institutionId: b, level: ProjectLevel.provincial, subject: '*', validFrom: '2020-01-01', validTo: null, status: QualificationStatus.revoked, statusReason: 'C-12' }))).id;
    await s.ds.getRepository(QualificationAction).insert({
      institutionId: b, qualificationId: qid, regionId: '330100', proposedStatus: QualificationStatus.revoked, rule: 'C-12', reason: 'no class',
      status: ActionStatus.approved, proposedAt: new Date('2027-02-01'), decidedBy: 'test', decidedAt: new Date('2027-03-01T08:00:00Z'), subject: null, decisionReason: 'ok',
    });
    const { cls: before } = await gradedClass([Grade.pass], { institutionId: b });
    const tb = await s.tokenFor('institution', { institutionId: b });
    expect((await s.gql(GRANT, { id: before.id }, { token: tb })).data.grantClassCredits.granted).toBe(1);
    const { cls: after } = await gradedClass([Grade.pass], { institutionId: b, startDate: '2027-04-01', endDate: '2027-04-03' });
    expect((await s.gql(GRANT, { id: after.id }, { token: tb })).errors![0]!.extensions).toMatchObject({ rule: 'C-5', actual: 'revoked 2027-03-01' });
  });

  it('only the class\'s institution or a bureau over it grants; others are refused', async () => {
    const { cls } = await gradedClass([Grade.pass]);
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(GRANT, { id: cls.id }, { token: school })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.yh1[0]! });
    expect((await s.gql(GRANT, { id: cls.id }, { token: teacher })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const other = await s.tokenFor('institution', { institutionId: w.institutions.cqTrainer });
    expect((await s.gql(GRANT, { id: cls.id }, { token: other })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
    expect((await s.gql(GRANT, { id: cls.id }, { token: cq })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
