import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentStatus, ProjectLevel, ProjectStatus, ReviewStep, Stage } from '../../core/entities/enums.js';
import { Enrollment, Teacher, type TrainingClass } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, refused, refusedInBothLanguages, tokens } from '../helpers/resource-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** react-admin list behaviour: filters, free text, sorting, 0-based pages, the perPage cap, counts. */
let s: TestServer;
let w: World;
let t: Record<'platform' | 'zj' | 'cq' | 'yhSchool' | 'cqSchool' | 'zjTrainer' | 'cqTrainer' | 'teacher', string>;
let zjClass: TrainingClass;
let cqClass: TrainingClass;

const PER_SCHOOL = 12;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds, { teachersPerSchool: PER_SCHOOL });
  const zjProject = await makeProject(w, { name: '小学语文阅读教学', status: ProjectStatus.published, startDate: '2026-09-01', endDate: '2026-09-03' });
  await makeProject(w, { name: '初中数学单元教学', subject: '数学', stage: Stage.junior, level: ProjectLevel.municipal, status: ProjectStatus.submitted, startDate: '2026-11-01', endDate: '2026-11-02' });
  await makeProject(w, { name: '班主任能力提升', subject: '班主任', category: '班主任', status: ProjectStatus.draft, startDate: null, endDate: null });
  const cqProject = await makeProject(w, {
    name: '重庆小学数学骨干培训', subject: '数学', institutionId: w.institutions.cqTrainer, regionId: '500000', status: ProjectStatus.published,
    leadExpertId: w.experts.professor, startDate: '2026-10-01', endDate: '2026-10-05',
  });
  zjClass = await makeClass(w, zjProject, { name: '阅读教学第1期', capacity: 2, enrolled: 2 });
  cqClass = await makeClass(w, cqProject, { name: '重庆数学第1期', capacity: 30 });
  const enroll = (teacherId: number, cls: TrainingClass, schoolId: number, regionId: string) => ({
    teacherId, classId: cls.id, schoolId, regionId, round: 1, projectRevision: 1, nominated: false, status: EnrollmentStatus.pending,
    pendingStep: ReviewStep.school, steps: [ReviewStep.school, ReviewStep.institution], selectedAt: new Date(), withdrawnAt: null, withdrawReason: null,
  });
  const [a, b] = w.teachers.yh1 as [number, number];
  await s.ds.getRepository(Enrollment).insert([
    enroll(a, zjClass, w.schools.yh1, '330110'), enroll(b, zjClass, w.schools.yh1, '330110'), enroll(a, cqClass, w.schools.yh1, '330110'),
    enroll(w.teachers.cq1[0]!, cqClass, w.schools.cq1, '500103'),
  ]);
  t = await tokens(s, {
    platform: ['platform'],
    zj: ['bureau', { regionId: '330000' }],
    cq: ['bureau', { regionId: '500000' }],
    yhSchool: ['school', { institutionId: w.schools.yh1 }],
    cqSchool: ['school', { institutionId: w.schools.cq1 }],
    zjTrainer: ['institution', { institutionId: w.institutions.zjTrainer }],
    cqTrainer: ['institution', { institutionId: w.institutions.cqTrainer }],
    teacher: ['teacher', { teacherId: a }],
  });
});
afterAll(async () => s?.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('pagination (0-based), sorting, perPage cap', () => {
  it('pages are 0-based, consecutive and disjoint; past the end is empty', async () => {
    const q = `query($page: Int) { allTeachers(page: $page, perPage: 10, sortField: "id") { id } }`;
    const p0 = ids(ok(await s.gql(q, { page: 0 }, { token: t.platform })).allTeachers);
    const p1 = ids(ok(await s.gql(q, { page: 1 }, { token: t.platform })).allTeachers);
    const p3 = ids(ok(await s.gql(q, { page: 3 }, { token: t.platform })).allTeachers);
    const p4 = ids(ok(await s.gql(q, { page: 4 }, { token: t.platform })).allTeachers);
    const all = (await s.ds.getRepository(Teacher).find({ order: { id: 'ASC' } })).map((x) => String(x.id));
    expect(p0).toEqual(all.slice(0, 10));
    expect(p1).toEqual(all.slice(10, 20));
    expect(p3).toEqual(all.slice(30, 36));
    expect(p4).toEqual([]);
  });

  it('sorts on any column, both ways, with id breaking ties; unknown columns are refused', async () => {
    const asc = ok(await s.gql(`{ allTeachers(perPage: 200, sortField: "name", sortOrder: "ASC") { id name } }`, {}, { token: t.platform })).allTeachers;
    const desc = ok(await s.gql(`{ allTeachers(perPage: 200, sortField: "name", sortOrder: "DESC") { id name } }`, {}, { token: t.platform })).allTeachers;
    expect(asc).toHaveLength(36);
    expect(desc.map((x: { id: string }) => x.id)).toEqual([...asc].reverse().map((x: { id: string }) => x.id));
    const projects = ok(await s.gql(`{ allProjects(sortField: "startDate", sortOrder: "DESC") { name } }`, {}, { token: t.platform })).allProjects;
    expect(projects.map((p: { name: string }) => p.name).slice(0, 3)).toEqual(['初中数学单元教学', '重庆小学数学骨干培训', '小学语文阅读教学']);
    const bad = await refusedInBothLanguages(s, `{ allTeachers(sortField: "password") { id } }`, {}, t.platform, 'BAD_USER_INPUT', { field: 'sortField' });
    expect(bad.en).toBe('Cannot sort by password');
  });

  it('perPage is capped (200 by default) and page cannot be negative', async () => {
    const big = await refusedInBothLanguages(s, `{ allTeachers(perPage: 201) { id } }`, {}, t.platform, 'BAD_USER_INPUT', { field: 'perPage', limit: 200, actual: 201 });
    expect(big.en).toBe('perPage must be between 1 and 200 (got 201)');
    refused(await s.gql(`{ allProjects(perPage: 0) { id } }`, {}, { token: t.platform }), 'BAD_USER_INPUT', { field: 'perPage' });
    refused(await s.gql(`{ allClasses(page: -1) { id } }`, {}, { token: t.platform }), 'BAD_USER_INPUT', { field: 'page' });
  });
});

describe('filters, with counts matching the list', () => {
  /** Runs allX and _allXMeta with the same filter and checks the count matches the rows. */
  async function list(plural: string, filter: Record<string, unknown>, token: string, fields = 'id') {
    const r = ok(await s.gql(`query($f: ${plural === 'Classes' ? 'Class' : plural.replace(/s$/, '')}Filter) {
      rows: all${plural}(perPage: 200, filter: $f) { ${fields} } meta: _all${plural}Meta(filter: $f) { count } }`, { f: filter }, { token }));
    expect(r.meta.count).toBe(r.rows.length);
    return r.rows;
  }

  it('teachers by region subtree, school, subject, stage, free text and ids', async () => {
    expect(await list('Teachers', { regionId: '330000' }, t.platform)).toHaveLength(24);
    expect(await list('Teachers', { regionId: '330110', schoolId: w.schools.yh2 }, t.platform)).toHaveLength(12);
    expect(await list('Teachers', { subject: '数学' }, t.platform)).toHaveLength(24);
    expect(await list('Teachers', { subject: '数学', stage: 'primary' }, t.platform)).toHaveLength(12);
    expect(await list('Teachers', { regionId: '500000' }, t.zj)).toHaveLength(0);
    const wang = await list('Teachers', { q: '王' }, t.platform, 'id name');
    expect(wang.length).toBeGreaterThan(0);
    for (const x of wang) expect(x.name.startsWith('王')).toBe(true);
    const someone = (await s.ds.getRepository(Teacher).findOneByOrFail({ id: w.teachers.cq1[3]! })).idNumber;
    expect(ids(await list('Teachers', { q: someone.slice(12) }, t.platform))).toEqual([String(w.teachers.cq1[3])]);
    for (const q of ['%', '_', '!', '王%']) expect(ids(await list('Teachers', { q }, t.platform))).toEqual([]);
    const few = [w.teachers.yh1[0], w.teachers.cq1[0], w.teachers.yh2[5]].map(String);
    expect(ids(await list('Teachers', { ids: few }, t.platform)).sort()).toEqual([...few].sort());
    expect(ids(await list('Teachers', { ids: few }, t.yhSchool))).toEqual([String(w.teachers.yh1[0])]);
    expect(await list('Teachers', { ids: [] }, t.platform)).toHaveLength(0);
    expect(ids(await list('Teachers', { classId: zjClass.id }, t.platform)).sort()).toEqual(w.teachers.yh1.slice(0, 2).map(String).sort());
  });

  it('projects by status, level, subject, stage, institution, dates, text and named expert', async () => {
    const names = async (f: Record<string, unknown>, token = t.platform) => (await list('Projects', f, token, 'id name')).map((p: { name: string }) => p.name).sort();
    expect(await names({ status: 'published' })).toEqual(['小学语文阅读教学', '重庆小学数学骨干培训']);
    expect(await names({ level: 'municipal', stage: 'junior' })).toEqual(['初中数学单元教学']);
    expect(await names({ subject: '数学', regionId: '330000' })).toEqual(['初中数学单元教学']);
    expect(await names({ institutionId: w.institutions.cqTrainer })).toEqual(['重庆小学数学骨干培训']);
    expect(await names({ startDate_gte: '2026-09-15', startDate_lte: '2026-10-31' })).toEqual(['重庆小学数学骨干培训']);
    expect(await names({ q: '班主任' })).toEqual(['班主任能力提升']);
    expect(await names({ leadExpertId: w.experts.professor })).toEqual(['重庆小学数学骨干培训']);
    expect((await names({ expertId: w.experts.frontLine })).length).toBe(4);
    // the bureau never sees drafts; the catalogue (school, teacher) only published ones serving their own region
    expect(await names({}, t.zj)).toEqual(['初中数学单元教学', '小学语文阅读教学']);
    expect(await names({}, t.teacher)).toEqual(['小学语文阅读教学']);
    expect(await names({ subject: '数学' }, t.teacher)).toEqual([]);
  });

  it('classes by subject and stage of their project, region, seats left and text', async () => {
    const names = async (f: Record<string, unknown>, token = t.platform) => (await list('Classes', f, token, 'id name')).map((c: { name: string }) => c.name).sort();
    expect(await names({ subject: '数学', stage: 'primary' })).toEqual(['重庆数学第1期']);
    expect(await names({ regionId: '330000' })).toEqual(['阅读教学第1期']);
    expect(await names({ hasSeats: true })).toEqual(['重庆数学第1期']);
    expect(await names({ hasSeats: false })).toEqual(['阅读教学第1期']);
    expect(await names({ q: '阅读' })).toEqual(['阅读教学第1期']);
    expect(await names({ startDate_gte: '2026-09-01' }, t.teacher)).toEqual(['阅读教学第1期']);
    expect(await names({ startDate_gte: '2026-10-01' }, t.cqSchool)).toEqual(['重庆数学第1期']);
  });

  it('enrollments by institution, project, school and status; institutions by kind, region and stage', async () => {
    expect(await list('Enrollments', { institutionId: w.institutions.cqTrainer }, t.platform)).toHaveLength(2);
    expect(await list('Enrollments', { projectId: zjClass.projectId }, t.platform)).toHaveLength(2);
    expect(await list('Enrollments', { schoolId: w.schools.yh1, status: 'pending' }, t.zj)).toHaveLength(3);
    expect(await list('Enrollments', {}, t.cqTrainer)).toHaveLength(2);
    expect(await list('Institutions', { kind: 'school', regionId: '330000' }, t.teacher)).toHaveLength(2);
    expect(await list('Institutions', { kind: 'school', stage: 'junior', rural: true }, t.teacher)).toHaveLength(1);
    expect(await list('Institutions', { kind: 'bureau', bureauLevel: 'province' }, t.teacher)).toHaveLength(2);
    expect(await list('Regions', { within: '330000' }, t.teacher)).toHaveLength(3);
  });
});

describe('relation fields a console wants', () => {
  it('class → project, region; qualification → institution; institution → parent, region; enrollment → school', async () => {
    const r = ok(await s.gql(`query($c: ID!, $s: ID!) {
      Class(id: $c) { project { name lead { name } } region { name } institution { name } }
      allQualifications(perPage: 1, filter: { institutionId: ${w.institutions.cqTrainer} }) { institution { name region { name } } }
      Institution(id: $s) { parent { name } region { name parent { name } } }
      allEnrollments(perPage: 1, filter: { classId: ${cqClass.id}, schoolId: ${w.schools.cq1} }) { school { name } teacher { name } class { name } }
    }`, { c: cqClass.id, s: w.schools.yh1 }, { token: t.platform }));
    expect(r.Class).toEqual({ project: { name: '重庆小学数学骨干培训', lead: { name: '刘志远' } }, region: { name: '重庆市' }, institution: { name: '重庆市教师进修学院' } });
    expect(r.allQualifications).toEqual([{ institution: { name: '重庆市教师进修学院', region: { name: '重庆市' } } }]);
    expect(r.Institution).toEqual({ parent: { name: '余杭区教育局' }, region: { name: '余杭区', parent: { name: '杭州市' } } });
    expect(r.allEnrollments[0]).toMatchObject({ school: { name: '重庆市渝中区人和街小学' }, class: { name: '重庆数学第1期' } });
  });

  it('lists of children are read through their own scope: an institution sees a teacher\'s selections at its classes only', async () => {
    const teacher = w.teachers.yh1[0]!;
    const q = `query($id: ID!) { Teacher(id: $id) { enrollments { classId } } }`;
    const all = ok(await s.gql(q, { id: teacher }, { token: t.zj })).Teacher.enrollments.map((e: { classId: string }) => e.classId).sort();
    expect(all).toEqual([String(zjClass.id), String(cqClass.id)].sort());
    expect(ok(await s.gql(q, { id: teacher }, { token: t.cqTrainer })).Teacher.enrollments).toEqual([{ classId: String(cqClass.id) }]);
    // a class's selections, seen by a school admin: its own teachers only (not the Yuhang teacher in the same class)
    const cls = ok(await s.gql(`query($id: ID!) { Class(id: $id) { enrollments { teacherId } } }`, { id: cqClass.id }, { token: t.cqSchool }));
    expect(cls.Class.enrollments).toEqual([{ teacherId: String(w.teachers.cq1[0]) }]);
  });
});
