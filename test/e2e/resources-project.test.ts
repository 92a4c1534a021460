import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentStatus, ProjectStatus, ReviewStep } from '../../core/entities/enums.js';
import { BudgetItem, ClassSession, CurriculumItem, Enrollment, FeeItem, Project, ProjectExpert, TrainingClass } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, refused, refusedInBothLanguages, tokens } from '../helpers/resource-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The declaration: project, curriculum, budget, fees, experts, classes and their sessions. */
let s: TestServer;
let w: World;
let t: Record<'platform' | 'zj' | 'zjTrainer' | 'cqTrainer' | 'school' | 'teacher', string>;

const setStatus = (id: number | string, status: ProjectStatus) => s.ds.getRepository(Project).update({ id: Number(id) }, { status });

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds, { teachersPerSchool: 2 });
  t = await tokens(s, {
    platform: ['platform'],
    zj: ['bureau', { regionId: '330000' }],
    zjTrainer: ['institution', { institutionId: w.institutions.zjTrainer }],
    cqTrainer: ['institution', { institutionId: w.institutions.cqTrainer }],
    school: ['school', { institutionId: w.schools.yh1 }],
    teacher: ['teacher', { teacherId: w.teachers.yh1[0] }],
  });
});
afterAll(async () => s?.close());

const PROJECT = {
  name: '初中数学新课标专题培训', regionId: '330100', level: 'municipal', category: '学科', subject: '数学', stage: 'junior',
  hours: 30, credits: 30, startDate: '2026-10-10', endDate: '2026-10-14',
};
const CREATE_PROJECT = `mutation($data: ProjectInput!) {
  createProject(data: $data) { id name status revision institutionId regionId institution { name } region { name } lead { name } }
}`;
const UPDATE_PROJECT = `mutation($id: ID!, $data: ProjectUpdateInput!) { updateProject(id: $id, data: $data) { id name hours status } }`;

describe('Project: an institution declares drafts for itself', () => {
  let id: string;

  it('creates a draft for the admin\'s own institution, whatever the input says about status', async () => {
    const r = ok(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, leadExpertId: w.experts.lead } }, { token: t.zjTrainer }));
    expect(r.createProject).toMatchObject({
      status: 'draft', revision: 1, institutionId: String(w.institutions.zjTrainer), regionId: '330100',
      institution: { name: '杭州师范大学' }, region: { name: '杭州市' }, lead: { name: '周建国' },
    });
    id = r.createProject.id;
    // status is not an input field at all
    const literal = `name: "x", regionId: "330100", level: municipal, category: "学科", subject: "数学", stage: junior, hours: 1, credits: 1`;
    refused(await s.gql(`mutation { createProject(data: { ${literal}, status: published }) { id } }`, {}, { token: t.zjTrainer }), 'GRAPHQL_VALIDATION_FAILED');
    refused(await s.gql(`mutation($id: ID!) { updateProject(id: $id, data: { status: published }) { id } }`, { id }, { token: t.zjTrainer }), 'GRAPHQL_VALIDATION_FAILED');
    expect(await s.ds.getRepository(Project).countBy({ status: ProjectStatus.published })).toBe(0);
  });

  it('refuses declaring for another institution, and roles that do not declare', async () => {
    refused(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, institutionId: w.institutions.cqTrainer } }, { token: t.zjTrainer }), 'FORBIDDEN');
    for (const token of [t.zj, t.school, t.teacher]) refused(await s.gql(CREATE_PROJECT, { data: PROJECT }, { token }), 'FORBIDDEN');
    refused(await s.gql(CREATE_PROJECT, { data: PROJECT }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'institutionId' });
    const byPlatform = ok(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, institutionId: w.institutions.cqTrainer, regionId: '500000' } }, { token: t.platform }));
    expect(byPlatform.createProject.institution.name).toBe('重庆市教师进修学院');
  });

  it('validates hours, dates, online credits and references, in Chinese and English', async () => {
    const hours = await refusedInBothLanguages(s, CREATE_PROJECT, { data: { ...PROJECT, hours: 0 } }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'hours' });
    expect(hours.zh).toBe('学时不得小于 0.5（实际 0）');
    expect(hours.en).toBe('hours must not be less than 0.5 (got 0)');
    expect(hours.extensions.validationErrors).toEqual([expect.objectContaining({ field: 'hours', constraint: 'min' })]);
    const dates = await refusedInBothLanguages(s, CREATE_PROJECT, { data: { ...PROJECT, startDate: '2026-10-20' } }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'endDate' });
    expect(dates.zh).toBe('开始日期（2026-10-20）不能晚于结束日期（2026-10-14）');
    refused(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, mode: 'hybrid', onlineCredits: 31 } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'onlineCredits', limit: 30, actual: 31 });
    refused(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, regionId: '999999' } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'regionId' });
    refused(await s.gql(CREATE_PROJECT, { data: { ...PROJECT, leadExpertId: 9999 } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'leadExpertId' });
    refused(await s.gql(UPDATE_PROJECT, { id, data: { name: null } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'name' });
  });

  it('only the declaring institution sees and edits its draft', async () => {
    refused(await s.gql(UPDATE_PROJECT, { id, data: { hours: 32 } }, { token: t.cqTrainer }), 'NOT_FOUND');
    refused(await s.gql(UPDATE_PROJECT, { id, data: { hours: 32 } }, { token: t.zj }), 'FORBIDDEN');
    expect(ok(await s.gql(`query($id: ID!) { Project(id: $id) { id } }`, { id }, { token: t.zj })).Project).toBeNull();
    expect(ok(await s.gql(UPDATE_PROJECT, { id, data: { hours: 32, credits: 32 } }, { token: t.zjTrainer })).updateProject.hours).toBe(32);
  });

  it('C-15: after submission the declaration changes only through a change request; a rejected one is editable again', async () => {
    await setStatus(id, ProjectStatus.submitted);
    const e = await refusedInBothLanguages(s, UPDATE_PROJECT, { id, data: { hours: 40 } }, t.zjTrainer, 'CONFLICT', {
      rule: 'C-15', status: 'submitted', allowed: ['draft', 'rejected'],
    });
    expect(e.zh).toContain('变更申请');
    expect(e.en).toContain('change request');
    await setStatus(id, ProjectStatus.published);
    refused(await s.gql(UPDATE_PROJECT, { id, data: { hours: 40 } }, { token: t.zjTrainer }), 'CONFLICT', { rule: 'C-15', status: 'published' });
    await setStatus(id, ProjectStatus.rejected);
    expect(ok(await s.gql(UPDATE_PROJECT, { id, data: { hours: 40, credits: 40 } }, { token: t.zjTrainer })).updateProject).toMatchObject({ hours: 40, status: 'rejected' });
    refused(await s.gql(`mutation($id: ID!) { deleteProject(id: $id) { id } }`, { id }, { token: t.zjTrainer }), 'CONFLICT', { status: 'rejected' });
  });

  it('deletes a draft with its whole declaration', async () => {
    const p = await makeProject(w, { name: '待删除项目' });
    const cls = await makeClass(w, p);
    await s.ds.getRepository(BudgetItem).insert({ projectId: p.id, kind: 'venue', amount: 100 });
    const r = ok(await s.gql(`mutation($id: ID!) { deleteProject(id: $id) { id name } }`, { id: p.id }, { token: t.zjTrainer }));
    expect(r.deleteProject).toEqual({ id: String(p.id), name: '待删除项目' });
    for (const entity of [CurriculumItem, BudgetItem, ProjectExpert, TrainingClass] as const)
      expect(await s.ds.getRepository(entity as typeof CurriculumItem).countBy({ projectId: p.id })).toBe(0);
    expect(await s.ds.getRepository(ClassSession).countBy({ classId: cls.id })).toBe(0);
    refused(await s.gql(`mutation($id: ID!) { deleteProject(id: $id) { id } }`, { id: p.id }, { token: t.zjTrainer }), 'NOT_FOUND');
  });

  it('a draft\'s new region is copied onto its classes', async () => {
    const p = await makeProject(w, { name: '区域变更项目', regionId: '330000' });
    const cls = await makeClass(w, p);
    ok(await s.gql(UPDATE_PROJECT, { id: p.id, data: { regionId: '330110' } }, { token: t.zjTrainer }));
    expect((await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: cls.id })).regionId).toBe('330110');
  });
});

describe('curriculum, budget, fees and experts: the declaring institution, while draft or rejected', () => {
  let project: Project;
  let other: Project;

  beforeAll(async () => {
    project = await makeProject(w, { name: '课程编辑项目' });
    other = await makeProject(w, { name: '重庆项目', institutionId: w.institutions.cqTrainer, regionId: '500000' });
  });

  it('adds, edits and removes curriculum items; seq is appended', async () => {
    const c = ok(await s.gql(`mutation($p: ID!) { createCurriculumItem(data: { projectId: $p, title: "信息技术与学科融合", hours: 6, kind: practice, tags: ["信息技术应用能力"], trainerExpertId: ${w.experts.frontLine} }) { id seq tags trainer { name } } }`, { p: project.id }, { token: t.zjTrainer }));
    expect(c.createCurriculumItem).toMatchObject({ seq: 2, tags: ['信息技术应用能力'], trainer: { name: '陈晓红' } });
    const u = ok(await s.gql(`mutation($id: ID!) { updateCurriculumItem(id: $id, data: { hours: 8 }) { hours } }`, { id: c.createCurriculumItem.id }, { token: t.zjTrainer }));
    expect(u.updateCurriculumItem.hours).toBe(8);
    const hours = await refusedInBothLanguages(s, `mutation($id: ID!) { updateCurriculumItem(id: $id, data: { hours: 0 }) { hours } }`, { id: c.createCurriculumItem.id }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'hours' });
    expect(hours.zh).toBe('课程学时不得小于 0.5（实际 0）');
    ok(await s.gql(`mutation($id: ID!) { deleteCurriculumItem(id: $id) { id } }`, { id: c.createCurriculumItem.id }, { token: t.zjTrainer }));
    const left = ok(await s.gql(`query($id: ID!) { Project(id: $id) { curriculum { seq title } } }`, { id: project.id }, { token: t.zjTrainer }));
    expect(left.Project.curriculum.map((x: { seq: number }) => x.seq)).toEqual([0, 1]);
  });

  it('removing a course detaches the sessions that taught it', async () => {
    const p = await makeProject(w, { name: '课次解绑项目' });
    const cls = await makeClass(w, p);
    const item = (await s.ds.getRepository(CurriculumItem).findOneByOrFail({ projectId: p.id, seq: 0 })).id;
    ok(await s.gql(`mutation($id: ID!) { deleteCurriculumItem(id: $id) { id } }`, { id: item }, { token: t.zjTrainer }));
    const sessions = await s.ds.getRepository(ClassSession).findBy({ classId: cls.id });
    expect(sessions.map((x) => x.curriculumItemId).filter((x) => x === item)).toEqual([]);
    expect(sessions).toHaveLength(2);
  });

  it('budget and fee items, with amounts that cannot be negative', async () => {
    const b = ok(await s.gql(`mutation($p: ID!) { createBudgetItem(data: { projectId: $p, kind: "management", amount: 500 }) { id amount project { name } } }`, { p: project.id }, { token: t.zjTrainer }));
    expect(b.createBudgetItem).toMatchObject({ amount: 500, project: { name: '课程编辑项目' } });
    ok(await s.gql(`mutation($id: ID!) { updateBudgetItem(id: $id, data: { amount: 450.5 }) { amount } }`, { id: b.createBudgetItem.id }, { token: t.zjTrainer }));
    const f = ok(await s.gql(`mutation($p: ID!) { createFeeItem(data: { projectId: $p, kind: "lodging", amount: 300 }) { id } }`, { p: project.id }, { token: t.zjTrainer }));
    const neg = await refusedInBothLanguages(s, `mutation($p: ID!) { createFeeItem(data: { projectId: $p, kind: "meals", amount: -1 }) { id } }`, { p: project.id }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'amount' });
    expect(neg.zh).toBe('收费金额不得小于 0（实际 -1）');
    ok(await s.gql(`mutation($id: ID!) { deleteFeeItem(id: $id) { id } }`, { id: f.createFeeItem.id }, { token: t.zjTrainer }));
    expect(await s.ds.getRepository(FeeItem).countBy({ projectId: project.id })).toBe(0);
    expect((await s.ds.getRepository(BudgetItem).findOneByOrFail({ projectId: project.id })).amount).toBe(450.5);
  });

  it('names experts once per role (C-16)', async () => {
    const q = `mutation($p: ID!, $e: ID!, $role: String!) { createProjectExpert(data: { projectId: $p, expertId: $e, role: $role }) { id role expert { name } } }`;
    const r = ok(await s.gql(q, { p: project.id, e: w.experts.lead, role: 'expert' }, { token: t.zjTrainer }));
    expect(r.createProjectExpert).toMatchObject({ role: 'expert', expert: { name: '周建国' } });
    refused(await s.gql(q, { p: project.id, e: w.experts.lead, role: 'expert' }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'expertId' });
    refused(await s.gql(q, { p: project.id, e: w.experts.lead, role: 'boss' }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'role' });
    refused(await s.gql(q, { p: project.id, e: 9999, role: 'mentor' }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'expertId' });
    const listed = ok(await s.gql(`query($p: ID!) { allExperts(filter: { projectId: $p }, sortField: "name") { name } }`, { p: project.id }, { token: t.zjTrainer }));
    expect(listed.allExperts.map((e: { name: string }) => e.name).sort()).toEqual(['周建国', '陈晓红'].sort());
  });

  it('another institution\'s project is NOT_FOUND; a submitted one is CONFLICT (C-15)', async () => {
    const q = `mutation($p: ID!) { createBudgetItem(data: { projectId: $p, kind: "venue", amount: 1 }) { id } }`;
    refused(await s.gql(q, { p: other.id }, { token: t.zjTrainer }), 'NOT_FOUND');
    const item = await s.ds.getRepository(CurriculumItem).findOneByOrFail({ projectId: other.id, seq: 0 });
    refused(await s.gql(`mutation($id: ID!) { updateCurriculumItem(id: $id, data: { hours: 1 }) { id } }`, { id: item.id }, { token: t.zjTrainer }), 'NOT_FOUND');
    refused(await s.gql(q, { p: other.id }, { token: t.zj }), 'FORBIDDEN');
    await setStatus(project.id, ProjectStatus.submitted);
    await refusedInBothLanguages(s, q, { p: project.id }, t.zjTrainer, 'CONFLICT', { rule: 'C-15' });
    const mine = await s.ds.getRepository(CurriculumItem).findOneByOrFail({ projectId: project.id, seq: 0 });
    refused(await s.gql(`mutation($id: ID!) { deleteCurriculumItem(id: $id) { id } }`, { id: mine.id }, { token: t.zjTrainer }), 'CONFLICT', { rule: 'C-15' });
    await setStatus(project.id, ProjectStatus.draft);
  });
});

describe('Class and ClassSession', () => {
  const CREATE_CLASS = `mutation($data: ClassInput!) { createClass(data: $data) { id name regionId institutionId enrolled status capacity project { name } } }`;
  let project: Project;
  let classId: string;

  beforeAll(async () => {
    project = await makeProject(w, { name: '班期项目', regionId: '330100' });
  });

  it('the institution adds a class to its own project; region and institution come from the project', async () => {
    const r = ok(await s.gql(CREATE_CLASS, { data: { projectId: project.id, name: '第1期', startDate: '2026-12-01', endDate: '2026-12-04', capacity: 40, venue: '仓前校区' } }, { token: t.zjTrainer }));
    expect(r.createClass).toMatchObject({ regionId: '330100', institutionId: String(w.institutions.zjTrainer), enrolled: 0, status: 'planned', capacity: 40, project: { name: '班期项目' } });
    classId = r.createClass.id;
    const children = ok(await s.gql(`query($id: ID!) { Project(id: $id) { classes { id name } } }`, { id: project.id }, { token: t.zjTrainer }));
    expect(children.Project.classes).toEqual([{ id: classId, name: '第1期' }]);
  });

  it('enrolled, status and the schedule publication are not inputs', async () => {
    for (const extra of ['enrolled: 5', 'status: published', 'schedulePublishedAt: "2026-11-01T00:00:00Z"']) {
      const r = await s.gql(
        `mutation { createClass(data: { projectId: ${project.id}, name: "x", startDate: "2026-12-01", endDate: "2026-12-02", capacity: 1, ${extra} }) { id } }`,
        {}, { token: t.zjTrainer },
      );
      refused(r, 'GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0]!.message).toMatch(/is not defined by type "ClassInput"/);
    }
    refused(await s.gql(`mutation($id: ID!) { updateClass(id: $id, data: { enrolled: 3 }) { id } }`, { id: classId }, { token: t.zjTrainer }), 'GRAPHQL_VALIDATION_FAILED');
    expect(await s.ds.getRepository(TrainingClass).countBy({ projectId: project.id })).toBe(1);
  });

  it('capacity ≥ 1 and startDate ≤ endDate, in Chinese and English', async () => {
    const cap = await refusedInBothLanguages(s, CREATE_CLASS, { data: { projectId: project.id, name: 'x', startDate: '2026-12-01', endDate: '2026-12-02', capacity: 0 } }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'capacity' });
    expect(cap.zh).toBe('班额不得小于 1（实际 0）');
    expect(cap.en).toBe('capacity must not be less than 1 (got 0)');
    const dates = await refusedInBothLanguages(s, `mutation($id: ID!) { updateClass(id: $id, data: { endDate: "2026-11-30" }) { id } }`, { id: classId }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'endDate' });
    expect(dates.en).toBe('startDate 2026-12-01 must not be after endDate 2026-11-30');
  });

  it('other institutions and other roles cannot touch it', async () => {
    refused(await s.gql(`mutation($id: ID!) { updateClass(id: $id, data: { capacity: 10 }) { id } }`, { id: classId }, { token: t.cqTrainer }), 'NOT_FOUND');
    refused(await s.gql(`mutation($id: ID!) { updateClass(id: $id, data: { capacity: 10 }) { id } }`, { id: classId }, { token: t.school }), 'FORBIDDEN');
    refused(await s.gql(CREATE_CLASS, { data: { projectId: project.id, name: 'x', startDate: '2026-12-01', endDate: '2026-12-02', capacity: 5 } }, { token: t.cqTrainer }), 'NOT_FOUND');
  });

  it('sessions: within the class dates, courses of the same project, until the schedule is published', async () => {
    await setStatus(project.id, ProjectStatus.approved);
    // the class itself is part of the declaration now
    refused(await s.gql(`mutation($id: ID!) { updateClass(id: $id, data: { capacity: 45 }) { id } }`, { id: classId }, { token: t.zjTrainer }), 'CONFLICT', { rule: 'C-15' });
    const item = await s.ds.getRepository(CurriculumItem).findOneByOrFail({ projectId: project.id, seq: 0 });
    const q = `mutation($data: ClassSessionInput!) { createClassSession(data: $data) { id date hours curriculumItem { title } class { name } } }`;
    const r = ok(await s.gql(q, { data: { classId, date: '2026-12-02', title: '专业标准解读', hours: 4, curriculumItemId: item.id } }, { token: t.zjTrainer }));
    expect(r.createClassSession).toMatchObject({ date: '2026-12-02', hours: 4, curriculumItem: { title: '教师专业标准解读' }, class: { name: '第1期' } });
    const outside = await refusedInBothLanguages(s, q, { data: { classId, date: '2026-12-05', title: 'x', hours: 2 } }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'date' });
    expect(outside.zh).toBe('课次日期 2026-12-05 不在班期 2026-12-01 至 2026-12-04 之内');
    const foreign = await s.ds.getRepository(CurriculumItem).findOneByOrFail({ projectId: (await makeProject(w, { name: '别的项目' })).id, seq: 0 });
    refused(await s.gql(q, { data: { classId, date: '2026-12-02', title: 'x', hours: 2, curriculumItemId: foreign.id } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'curriculumItemId' });
    refused(await s.gql(q, { data: { classId, date: '2026-12-02', title: 'x', hours: 30 } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'hours' });
    refused(await s.gql(q, { data: { classId, date: '2026-12-02', title: 'x', hours: 2 } }, { token: t.cqTrainer }), 'NOT_FOUND');
    ok(await s.gql(`mutation($id: ID!) { updateClassSession(id: $id, data: { hours: 3 }) { hours } }`, { id: r.createClassSession.id }, { token: t.zjTrainer }));

    await s.ds.getRepository(TrainingClass).update({ id: Number(classId) }, { schedulePublishedAt: new Date() });
    const published = await refusedInBothLanguages(s, `mutation($id: ID!) { deleteClassSession(id: $id) { id } }`, { id: r.createClassSession.id }, t.zjTrainer, 'CONFLICT');
    expect(published.zh).toBe('课表已发布，不能再修改课次');
    await s.ds.getRepository(TrainingClass).update({ id: Number(classId) }, { schedulePublishedAt: null });
    ok(await s.gql(`mutation($id: ID!) { deleteClassSession(id: $id) { id } }`, { id: r.createClassSession.id }, { token: t.zjTrainer }));
    await setStatus(project.id, ProjectStatus.draft);
  });

  it('a class with selections is not deleted; an empty one goes with its sessions', async () => {
    const withEnrollment = await makeClass(w, project, { name: '有选课的班期' });
    await s.ds.getRepository(Enrollment).insert({
      teacherId: w.teachers.yh1[0]!, classId: withEnrollment.id, schoolId: w.schools.yh1, regionId: '330110', round: 1, projectRevision: 1,
      nominated: false, status: EnrollmentStatus.pending, pendingStep: ReviewStep.school, steps: [ReviewStep.school], selectedAt: new Date(),
      withdrawnAt: null, withdrawReason: null,
    });
    refused(await s.gql(`mutation($id: ID!) { deleteClass(id: $id) { id } }`, { id: withEnrollment.id }, { token: t.zjTrainer }), 'CONFLICT', { actual: 1 });
    const empty = await makeClass(w, project, { name: '空班期' });
    ok(await s.gql(`mutation($id: ID!) { deleteClass(id: $id) { id name } }`, { id: empty.id }, { token: t.zjTrainer }));
    expect(await s.ds.getRepository(ClassSession).countBy({ classId: empty.id })).toBe(0);
  });
});
