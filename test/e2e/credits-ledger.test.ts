import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Grade, ProjectStatus } from '../../core/entities/enums.js';
import { CreditRecord } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import type { RulePoints } from '../../core/plugin-host/types.js';
import { approveEnrollments, assess, attendAll } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A test plugin over Zhejiang with a cycle minimum, as ZJ-13 will have. */
const audited: RulePoints['cycle.audit'][] = [];
const minimum = definePlugin<{ minCredits: number }>({
  name: 'test-cycle-minimum',
  regions: ['330000'],
  defaults: { minCredits: 360 },
  optionsSchema: { type: 'object', properties: { minCredits: { type: 'number' } } },
  setup: (o) => ({
    rules: {
      'cycle.audit': [({ input }) => {
        audited.push(input);
        return input.totalCredits >= o.minCredits ? [] : [{
          rule: 'TEST-360', messageZh: `周期学分不少于 ${o.minCredits}（实际 ${input.totalCredits}）`, messageEn: `cycle credits ${input.totalCredits} < ${o.minCredits}`,
          limit: o.minCredits, actual: input.totalCredits,
        }];
      }],
    },
  }),
});

let s: TestServer;
let w: World;
let teacherId: number;
let classRecordId: string;
let school: string;

const REGISTER = `mutation($t: ID!, $y: Int!, $c: Float!, $h: Float!, $src: CreditSource!, $ev: String!) {
  registerExternalCredits(teacherId: $t, year: $y, credits: $c, hours: $h, source: $src, evidence: $ev) { id cycleId year credits hours source evidence createdBy } }`;
const CORRECT = `mutation($id: ID!, $d: Float!, $r: String!, $hd: Float) { correctCreditRecord(id: $id, delta: $d, reason: $r, hoursDelta: $hd) {
  id source credits hours correctsId reason year cycleId } }`;
const LEDGER = `query($t: ID!, $c: ID!) { teacherLedger(teacherId: $t, cycleId: $c) {
  totalCredits totalHours startYear endYear byYear { year credits hours } records { id source credits correctsId } } }`;
const AUDIT = `mutation($t: ID!, $c: ID!) { runCycleAudit(teacherId: $t, cycleId: $c) { id teacherId cycleId regionId totalCredits passed findings ranBy } }`;

beforeAll(async () => {
  s = await startTestServer({ plugins: [minimum()] });
  w = await buildWorld(s.ds);
  teacherId = w.teachers.yh1[0]!;
  school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
  // 24 credits from a class in 2026, granted through the API
  const p = await makeProject(w, { status: ProjectStatus.published });
  const cls = await makeClass(w, p);
  const [e] = await approveEnrollments(w, cls, [teacherId]);
  await attendAll(w, e!);
  await assess(w, e!, Grade.pass);
  const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
  const g = await s.gql(`mutation($id: ID!) { grantClassCredits(classId: $id) { records { id } } }`, { id: cls.id }, { token: inst });
  classRecordId = g.data.grantClassCredits.records[0].id;
});
afterAll(async () => s?.close());

describe('credit ledger', () => {
  it("registers external credits by the teacher's school or a bureau over them, with evidence", async () => {
    const r = await s.gql(REGISTER, { t: teacherId, y: 2027, c: 10, h: 12, src: 'degree', ev: '教育硕士在读证明 2027-018' }, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.registerExternalCredits).toMatchObject({ cycleId: String(w.cycles.current), year: 2027, credits: 10, hours: 12, source: 'degree', evidence: '教育硕士在读证明 2027-018' });
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.hz });
    expect((await s.gql(REGISTER, { t: teacherId, y: 2028, c: 6, h: 6, src: 'trainer', ev: '区级培训授课' }, { token: bureau })).errors).toBeUndefined();

    const me = await s.tokenFor('teacher', { teacherId });
    expect((await s.gql(REGISTER, { t: teacherId, y: 2027, c: 99, h: 99, src: 'external', ev: 'x' }, { token: me })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const otherSchool = await s.tokenFor('school', { institutionId: w.schools.cq1 });
    expect((await s.gql(REGISTER, { t: teacherId, y: 2027, c: 1, h: 1, src: 'external', ev: 'x' }, { token: otherSchool })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await s.gql(REGISTER, { t: teacherId, y: 2027, c: 1, h: 1, src: 'class', ev: 'x' }, { token: school })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'source' });
    expect((await s.gql(REGISTER, { t: teacherId, y: 2027, c: 1, h: 1, src: 'external', ev: '  ' }, { token: school })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidence' });
    expect((await s.gql(REGISTER, { t: teacherId, y: 2040, c: 1, h: 1, src: 'external', ev: 'x' }, { token: school })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });

  it('C-14: a correction is a new record with a reason and a signed delta; the original never changes', async () => {
    const before = await s.ds.getRepository(CreditRecord).findOneByOrFail({ id: Number(classRecordId) });
    const r = await s.gql(CORRECT, { id: classRecordId, d: -4, r: '第二天下午缺课4学时，经核实扣减', hd: -4 }, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.correctCreditRecord).toMatchObject({ source: 'correction', credits: -4, hours: -4, correctsId: classRecordId, reason: '第二天下午缺课4学时，经核实扣减', year: 2026 });
    const after = await s.ds.getRepository(CreditRecord).findOneByOrFail({ id: Number(classRecordId) });
    expect(after).toEqual(before);
    // a correction of the correction attaches to the original
    const again = await s.gql(CORRECT, { id: r.data.correctCreditRecord.id, d: 1, r: '复核后恢复1学分' }, { token: school });
    expect(again.data.correctCreditRecord).toMatchObject({ correctsId: classRecordId, credits: 1, hours: 0 });
    // no generic way to edit or delete a credit record
    const schema = await s.gql(`{ __schema { mutationType { fields { name } } } }`, {}, { token: school });
    const names = schema.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n: string) => /CreditRecord$/.test(n))).toEqual(['correctCreditRecord']);
  });

  it('C-14: never by the teacher or the institution; a reason is required; a record cannot go below zero', async () => {
    const me = await s.tokenFor('teacher', { teacherId });
    const own = await s.gql(CORRECT, { id: classRecordId, d: 5, r: '我觉得应该更多' }, { token: me });
    expect(own.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    expect((await s.gql(CORRECT, { id: classRecordId, d: 1, r: '补录' }, { token: inst })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await s.gql(CORRECT, { id: classRecordId, d: 1, r: '   ' }, { token: school })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await s.gql(CORRECT, { id: classRecordId, d: -30, r: '全部撤销' }, { token: school })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'delta' });
    const cq = await s.tokenFor('bureau', { regionId: w.regions.cq });
    expect((await s.gql(CORRECT, { id: classRecordId, d: 1, r: 'x' }, { token: cq })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('the ledger sums each year of the cycle, corrections included; the teacher reads their own', async () => {
    const me = await s.tokenFor('teacher', { teacherId });
    const r = await s.gql(LEDGER, { t: teacherId, c: w.cycles.current }, { token: me });
    expect(r.errors).toBeUndefined();
    const l = r.data.teacherLedger;
    expect(l).toMatchObject({ startYear: 2026, endYear: 2030, totalCredits: 24 - 4 + 1 + 10 + 6, totalHours: 24 - 4 + 12 + 6 });
    expect(l.byYear).toEqual([
      { year: 2026, credits: 21, hours: 20 }, { year: 2027, credits: 10, hours: 12 }, { year: 2028, credits: 6, hours: 6 },
      { year: 2029, credits: 0, hours: 0 }, { year: 2030, credits: 0, hours: 0 },
    ]);
    expect(l.records).toHaveLength(5);
    const other = await s.tokenFor('teacher', { teacherId: w.teachers.yh1[1]! });
    expect((await s.gql(LEDGER, { t: teacherId, c: w.cycles.current }, { token: other })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    expect((await s.gql(LEDGER, { t: teacherId, c: w.cycles.current }, { token: inst })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('C-13: the cycle audit keeps totals and the plugins\' findings; it fails on a finding', async () => {
    const r = await s.gql(AUDIT, { t: teacherId, c: w.cycles.current }, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.runCycleAudit).toMatchObject({ teacherId: String(teacherId), regionId: '330110', totalCredits: 37, passed: false });
    expect(JSON.parse(r.data.runCycleAudit.findings)).toEqual([
      { rule: 'TEST-360', messageZh: '周期学分不少于 360（实际 37）', messageEn: 'cycle credits 37 < 360', limit: 360, actual: 37 },
    ]);
    expect(audited.at(-1)).toEqual({ teacherId, cycleId: w.cycles.current, totalCredits: 37, byYear: { 2026: 21, 2027: 10, 2028: 6, 2029: 0, 2030: 0 } });
    const me = await s.tokenFor('teacher', { teacherId });
    expect((await s.gql(AUDIT, { t: teacherId, c: w.cycles.current }, { token: me })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('C-13: with no plugin governing the teacher, the core audit passes when there are no findings', async () => {
    const cqTeacher = w.teachers.cq1[0]!;
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.cq });
    const r = await s.gql(AUDIT, { t: cqTeacher, c: w.cycles.current }, { token: bureau });
    expect(r.data.runCycleAudit).toMatchObject({ totalCredits: 0, passed: true, findings: '[]' });
    const list = await s.gql(`query($t: ID!) { allCycleAudits(filter: { teacherId: $t }) { passed } }`, { t: cqTeacher }, { token: bureau });
    expect(list.data.allCycleAudits).toEqual([{ passed: true }]);
  });
});
