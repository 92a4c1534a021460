import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassStatus, ProjectLevel, ProjectStatus } from '../../core/entities/enums.js';
import { Enrollment, EnrollmentReview, Project, TrainingClass } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { DISTRICT_REVIEW_LEVELS } from '../../core/rules/selection-c3.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A tiny Zhejiang plugin: refuses selections of one class (set by the test) at 'selection.create'. */
let blockedClassIds: number[] = [];
const zjTestPlugin = definePlugin<Record<string, never>>({
  name: 'zj-selection-test',
  regions: ['330000'],
  defaults: {},
  optionsSchema: { type: 'object' },
  setup: () => ({
    rules: {
      'selection.create': [
        ({ input, regionId }) =>
          blockedClassIds.includes(input.classId)
            ? [{ rule: 'ZJT-1', messageZh: `该班期暂停本省教师选课（${regionId}）`, messageEn: `class closed to Zhejiang teachers (${regionId})`, limit: null, actual: input.classId }]
            : [],
      ],
    },
  }),
});

let s: TestServer;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer({ plugins: [zjTestPlugin()] });
  w = await buildWorld(s.ds);
  tok.yh1 = await s.tokenFor('school', { institutionId: w.schools.yh1 });
  tok.yh2 = await s.tokenFor('school', { institutionId: w.schools.yh2 });
  tok.cqSchool = await s.tokenFor('school', { institutionId: w.schools.cq1 });
  tok.yhBureau = await s.tokenFor('bureau', { regionId: w.regions.yh });
  tok.cqBureau = await s.tokenFor('bureau', { regionId: w.regions.cq });
  tok.inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
  tok.platform = await s.tokenFor('platform');
});
afterAll(async () => s?.close());

const teacher = (id: number) => s.tokenFor('teacher', { teacherId: id });
const FIELDS = 'id status pendingStep steps nominated schoolId regionId projectRevision round withdrawnAt withdrawReason reviews { step decision reviewer reason at }';
const SELECT = `mutation($classId: ID!, $round: Int) { selectClass(classId: $classId, round: $round) { ${FIELDS} } }`;
const NOMINATE = `mutation($classId: ID!, $teacherId: ID!) { nominateTeacher(classId: $classId, teacherId: $teacherId) { ${FIELDS} } }`;
const REVIEW = `mutation($id: ID!, $d: Decision!, $reason: String) { reviewSelection(enrollmentId: $id, decision: $d, reason: $reason) { ${FIELDS} } }`;
const BULK = `mutation($ids: [ID!]!, $d: Decision!, $reason: String) { reviewSelections(ids: $ids, decision: $d, reason: $reason) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawSelection(enrollmentId: $id, reason: $reason) { ${FIELDS} } }`;

async function published(over: Partial<Project> = {}) {
  const project = await makeProject(w, { status: ProjectStatus.published, ...over });
  const cls = await makeClass(w, project);
  return { project, cls };
}
const enrolled = async (classId: number) => (await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: classId })).enrolled;
const counts = async () => ({
  enrollments: await s.ds.getRepository(Enrollment).count(),
  reviews: await s.ds.getRepository(EnrollmentReview).count(),
  seats: (await s.ds.getRepository(TrainingClass).find()).reduce((a, c) => a + c.enrolled, 0),
});
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

describe('selection (选课) and its review', () => {
  it('C-3: self-selection goes school → district → institution, each step recording who, when, decision, reason', async () => {
    expect(DISTRICT_REVIEW_LEVELS).toEqual(['national', 'provincial', 'municipal']);
    const { cls } = await published({ level: ProjectLevel.provincial });
    const t = w.teachers.yh1[0]!;
    const sel = await s.gql(SELECT, { classId: cls.id }, { token: await teacher(t) });
    expect(sel.errors).toBeUndefined();
    const e = sel.data.selectClass;
    expect(e).toMatchObject({
      status: 'pending', pendingStep: 'school', steps: ['school', 'district', 'institution'], nominated: false,
      schoolId: String(w.schools.yh1), regionId: '330110', projectRevision: 1, round: 1, reviews: [],
    });
    expect(await enrolled(cls.id)).toBe(1);

    // Wrong role for the pending step: CONFLICT naming the step, in Chinese and English.
    const early = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: tok.inst });
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', pendingStep: 'school', step: 'institution' });
    expect(early.errors![0]!.message).toContain('学校审核');
    const earlyEn = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: tok.yhBureau, lang: 'en' });
    expect(earlyEn.errors![0]!.message).toBe('This selection is waiting for the school review, not the district review');
    // The selecting teacher never reviews.
    const self = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: await teacher(t) });
    expect(code(self)).toBe('FORBIDDEN');

    const school = await s.gql(REVIEW, { id: e.id, d: 'approve', reason: '符合学科需求' }, { token: tok.yh1 });
    expect(school.errors).toBeUndefined();
    expect(school.data.reviewSelection).toMatchObject({ status: 'pending', pendingStep: 'district' });
    const district = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: tok.yhBureau });
    expect(district.data.reviewSelection).toMatchObject({ status: 'pending', pendingStep: 'institution' });
    const again = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: tok.yh1 });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', pendingStep: 'institution' });
    const inst = await s.gql(REVIEW, { id: e.id, d: 'approve' }, { token: tok.inst });
    expect(inst.errors).toBeUndefined();
    const done = inst.data.reviewSelection;
    expect(done).toMatchObject({ status: 'approved', pendingStep: null });
    expect(done.reviews.map((r: { step: string; decision: string; reviewer: string; reason: string | null }) => [r.step, r.decision, r.reviewer, r.reason])).toEqual([
      ['school', 'approve', `dev:school:${w.schools.yh1}`, '符合学科需求'],
      ['district', 'approve', `dev:bureau:${w.regions.yh}`, null],
      ['institution', 'approve', `dev:institution:${w.institutions.zjTrainer}`, null],
    ]);
    for (const r of done.reviews) expect(Number.isNaN(Date.parse(r.at))).toBe(false);
    expect(await enrolled(cls.id)).toBe(1);

    // A district-level project skips the district step.
    const local = await published({ level: ProjectLevel.district, regionId: '330110' });
    const sel2 = await s.gql(SELECT, { classId: local.cls.id }, { token: await teacher(t) });
    expect(sel2.data.selectClass.steps).toEqual(['school', 'institution']);
  });

  it('C-3: a school admin of another school, or another region\'s bureau, can neither see nor review it (NOT_FOUND)', async () => {
    const { cls } = await published();
    const sel = await s.gql(SELECT, { classId: cls.id }, { token: await teacher(w.teachers.yh1[1]!) });
    const id = sel.data.selectClass.id;
    for (const token of [tok.yh2, tok.cqBureau, tok.cqSchool]) {
      const r = await s.gql(REVIEW, { id, d: 'approve' }, { token });
      expect(code(r)).toBe('NOT_FOUND');
      const seen = await s.gql(`query($id: ID!) { Enrollment(id: $id) { id } }`, { id }, { token });
      expect(seen.data.Enrollment).toBeNull();
    }
    // Another teacher cannot withdraw it either.
    const other = await s.gql(WITHDRAW, { id, reason: 'x' }, { token: await teacher(w.teachers.yh1[2]!) });
    expect(code(other)).toBe('NOT_FOUND');
    const reviews = await s.ds.getRepository(EnrollmentReview).countBy({ enrollmentId: Number(id) });
    expect(reviews).toBe(0);
  });

  it('C-3: a rejection needs a reason, is recorded, ends the review and releases the seat (C-4)', async () => {
    const { cls } = await published();
    const sel = await s.gql(SELECT, { classId: cls.id }, { token: await teacher(w.teachers.yh1[2]!) });
    const id = sel.data.selectClass.id;
    expect(await enrolled(cls.id)).toBe(1);
    const bare = await s.gql(REVIEW, { id, d: 'reject', reason: '  ' }, { token: tok.yh1 });
    expect(bare.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await enrolled(cls.id)).toBe(1);

    const r = await s.gql(REVIEW, { id, d: 'reject', reason: '本学期教学任务重' }, { token: tok.yh1 });
    expect(r.errors).toBeUndefined();
    expect(r.data.reviewSelection).toMatchObject({ status: 'rejected', pendingStep: null, reviews: [{ step: 'school', decision: 'reject', reason: '本学期教学任务重' }] });
    expect(await enrolled(cls.id)).toBe(0);
    const after = await s.gql(REVIEW, { id, d: 'approve' }, { token: tok.yh1 });
    expect(code(after)).toBe('CONFLICT');
    expect(await enrolled(cls.id)).toBe(0);
  });

  it('C-3: the school nominates one of its teachers; its decision is the recorded school step', async () => {
    const { cls } = await published();
    const t = w.teachers.yh1[3]!;
    const foreign = await s.gql(NOMINATE, { classId: cls.id, teacherId: t }, { token: tok.yh2 });
    expect(code(foreign)).toBe('NOT_FOUND');
    const byTeacher = await s.gql(NOMINATE, { classId: cls.id, teacherId: t }, { token: await teacher(t) });
    expect(code(byTeacher)).toBe('FORBIDDEN');
    const r = await s.gql(NOMINATE, { classId: cls.id, teacherId: t }, { token: tok.yh1 });
    expect(r.errors).toBeUndefined();
    expect(r.data.nominateTeacher).toMatchObject({
      nominated: true, status: 'pending', pendingStep: 'district',
      reviews: [{ step: 'school', decision: 'approve', reviewer: `dev:school:${w.schools.yh1}` }],
    });
    expect(await enrolled(cls.id)).toBe(1);
  });

  it('C-3: bulk review of the school queue is all-or-nothing', async () => {
    const { cls } = await published({ level: ProjectLevel.district, regionId: '330110' });
    const ids: string[] = [];
    for (const t of w.teachers.yh2) ids.push((await s.gql(SELECT, { classId: cls.id }, { token: await teacher(t) })).data.selectClass.id);

    const first = await s.gql(BULK, { ids: [ids[0], ids[1]], d: 'approve' }, { token: tok.yh2 });
    expect(first.errors).toBeUndefined();
    expect(first.data.reviewSelections.map((e: { pendingStep: string }) => e.pendingStep)).toEqual(['institution', 'institution']);

    // ids[2] is fine, ids[0] is past the school step: the whole batch is refused, naming ids[0].
    const before = await counts();
    const mixed = await s.gql(BULK, { ids: [ids[2], ids[0]], d: 'approve' }, { token: tok.yh2 });
    expect(mixed.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', enrollmentId: ids[0], pendingStep: 'institution' });
    expect(mixed.errors![0]!.message).toContain(`选课 ${ids[0]}`);
    expect(await counts()).toEqual(before);
    const still = await s.ds.getRepository(Enrollment).findOneByOrFail({ id: Number(ids[2]) });
    expect(still.pendingStep).toBe('school');

    // Out of scope in a batch reads as NOT_FOUND for the batch.
    const foreign = await s.gql(BULK, { ids: [ids[2]], d: 'approve' }, { token: tok.yh1 });
    expect(code(foreign)).toBe('NOT_FOUND');

    const all = await s.gql(BULK, { ids: ids.slice(2), d: 'approve', reason: '同意' }, { token: tok.yh2 });
    expect(all.errors).toBeUndefined();
    const fin = await s.gql(BULK, { ids, d: 'approve' }, { token: tok.inst });
    expect(fin.errors).toBeUndefined();
    expect(fin.data.reviewSelections.every((e: { status: string; reviews: unknown[] }) => e.status === 'approved' && e.reviews.length === 2)).toBe(true);
    expect(await enrolled(cls.id)).toBe(ids.length);
  });

  it('C-15: an approved selection cannot be withdrawn until the project changes; then it can, and the seat is released', async () => {
    const { project, cls } = await published({ level: ProjectLevel.district, regionId: '330110' });
    const t = w.teachers.yh1[4]!;
    const token = await teacher(t);
    const id = (await s.gql(SELECT, { classId: cls.id }, { token })).data.selectClass.id;
    await s.gql(REVIEW, { id, d: 'approve' }, { token: tok.yh1 });
    const ok = await s.gql(REVIEW, { id, d: 'approve' }, { token: tok.inst });
    expect(ok.data.reviewSelection.status).toBe('approved');

    const refused = await s.gql(WITHDRAW, { id, reason: '时间冲突' }, { token });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-15', limit: 1, actual: 1 });
    expect(refused.errors![0]!.message).toMatch(/^C-15 /);
    expect(await enrolled(cls.id)).toBe(1);

    await s.ds.getRepository(Project).update(project.id, { revision: 2 }); // an approved change after publication
    const r = await s.gql(WITHDRAW, { id, reason: '项目变更，时间冲突' }, { token });
    expect(r.errors).toBeUndefined();
    expect(r.data.withdrawSelection).toMatchObject({ status: 'withdrawn', pendingStep: null, withdrawReason: '项目变更，时间冲突' });
    expect(r.data.withdrawSelection.withdrawnAt).toBeTruthy();
    expect(await enrolled(cls.id)).toBe(0);
    const twice = await s.gql(WITHDRAW, { id, reason: '再次' }, { token });
    expect(code(twice)).toBe('CONFLICT');
    expect(await enrolled(cls.id)).toBe(0);
  });

  it('C-15: a pending selection may always be withdrawn, with a reason', async () => {
    const { cls } = await published();
    const t = w.teachers.yh1[2]!;
    const token = await teacher(t);
    const id = (await s.gql(SELECT, { classId: cls.id }, { token })).data.selectClass.id;
    const noReason = await s.gql(WITHDRAW, { id, reason: '' }, { token });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const r = await s.gql(WITHDRAW, { id, reason: '身体原因' }, { token });
    expect(r.data.withdrawSelection.status).toBe('withdrawn');
    expect(await enrolled(cls.id)).toBe(0);
  });

  it('C-3/C-4: a duplicate selection is refused and nothing is half-written on any refusal', async () => {
    const { cls } = await published();
    const token = await teacher(w.teachers.yh1[3]!);
    expect((await s.gql(SELECT, { classId: cls.id }, { token })).errors).toBeUndefined();
    const before = await counts();
    const dup = await s.gql(SELECT, { classId: cls.id }, { token });
    expect(dup.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(dup.errors![0]!.message).toContain('已选过');
    const nominated = await s.gql(NOMINATE, { classId: cls.id, teacherId: w.teachers.yh1[3]! }, { token: tok.yh1 });
    expect(code(nominated)).toBe('CONFLICT');
    // Two of the same at once: one wins, the unique index refuses the other.
    const fresh = await published();
    const race = await Promise.all([1, 2, 3].map(() => s.gql(SELECT, { classId: fresh.cls.id }, { token })));
    expect(race.filter((r) => r.data?.selectClass)).toHaveLength(1);
    expect(race.filter((r) => code(r) === 'CONFLICT')).toHaveLength(2);
    expect(await enrolled(fresh.cls.id)).toBe(1);
    const mid = await counts();
    expect(mid).toEqual({ ...before, enrollments: before.enrollments + 1, seats: before.seats + 1 });

    // A closed project and a cancelled class: both core violations at once, nothing written.
    const closed = await published({ status: ProjectStatus.closed });
    await s.ds.getRepository(TrainingClass).update(closed.cls.id, { status: ClassStatus.cancelled });
    const refused = await s.gql(SELECT, { classId: closed.cls.id }, { token });
    expect(refused.errors!.map((e) => [e.extensions!.code, e.extensions!.rule])).toEqual([['RULE_VIOLATION', 'C-3'], ['RULE_VIOLATION', 'C-3']]);
    // A full class (capacity 1): CLASS_FULL, nothing written.
    const small = await makeClass(w, fresh.project, { capacity: 1, enrolled: 1 });
    const full = await s.gql(SELECT, { classId: small.id }, { token });
    expect(full.errors![0]!.extensions).toMatchObject({ code: 'CLASS_FULL', rule: 'C-4', limit: 1, actual: 1 });
    // A draft project's class is not visible to teachers at all.
    const draft = await makeClass(w, await makeProject(w));
    expect(code(await s.gql(SELECT, { classId: draft.id }, { token }))).toBe('NOT_FOUND');
    const bad = await s.gql(SELECT, { classId: fresh.cls.id, round: 0 }, { token: await teacher(w.teachers.yh1[4]!) });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'round' });
    expect(await counts()).toEqual({ ...mid, seats: mid.seats + 1 }); // only the pre-filled seat of `small`
  });

  it('plugin rule at selection.create: the Zhejiang rule refuses a Zhejiang teacher, not a Chongqing one; core and plugin violations come together', async () => {
    const { cls } = await published();
    // Teachers see the catalogue of their own region: the Chongqing teacher selects a Chongqing class, blocked alike.
    const cqCls = (await published({ regionId: w.regions.cq, institutionId: w.institutions.cqTrainer, level: ProjectLevel.municipal })).cls;
    blockedClassIds = [cls.id, cqCls.id];
    try {
      const zj = await s.gql(SELECT, { classId: cls.id }, { token: await teacher(w.teachers.yh2[0]!) });
      expect(zj.errors).toHaveLength(1);
      expect(zj.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'ZJT-1', actual: cls.id });
      expect(zj.errors![0]!.message).toBe('ZJT-1 该班期暂停本省教师选课（330110）');
      expect(await enrolled(cls.id)).toBe(0);
      expect(await s.ds.getRepository(Enrollment).countBy({ classId: cls.id })).toBe(0);

      const cq = await s.gql(SELECT, { classId: cqCls.id }, { token: await teacher(w.teachers.cq1[3]!) });
      expect(cq.errors).toBeUndefined();
      expect(cq.data.selectClass.regionId).toBe('500103');
      expect(await enrolled(cqCls.id)).toBe(1);
      // …and cannot even see the Zhejiang one.
      expect(code(await s.gql(SELECT, { classId: cls.id }, { token: await teacher(w.teachers.cq1[3]!) }))).toBe('NOT_FOUND');

      await s.ds.getRepository(TrainingClass).update(cls.id, { status: ClassStatus.cancelled });
      const both = await s.gql(SELECT, { classId: cls.id }, { token: await teacher(w.teachers.yh2[1]!), lang: 'en' });
      expect(both.errors!.map((e) => e.extensions!.rule)).toEqual(['C-3', 'ZJT-1']);
      expect(both.errors![0]!.message).toBe('C-3 the class is cancelled and cannot be selected');
      expect(await enrolled(cls.id)).toBe(0);
    } finally {
      blockedClassIds = [];
    }
  });
});
