import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassSession, CurriculumItem, Project, ProjectTransition, TrainingClass } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, publishThroughApi, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
let t: Tokens;
beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  t = await tokensFor(s, w);
});
afterAll(async () => s?.close());

const REQUEST = `mutation($id: ID!, $changes: ProjectChangeInput!, $reason: String!) {
  requestProjectChange(id: $id, changes: $changes, reason: $reason) { id status changes reason requestedBy revision } }`;
const DECIDE = `mutation($id: ID!, $approve: Boolean!, $reason: String) {
  decideProjectChange(changeId: $id, approve: $approve, reason: $reason) { id status decidedBy decisionReason before after revision } }`;
const PUBLISH_SCHEDULE = `mutation($id: ID!) { publishClassSchedule(classId: $id) { id status schedulePublishedAt } }`;

const project = (id: number) => s.ds.getRepository(Project).findOneByOrFail({ id });
const publishedProject = async (over: Parameters<typeof makeProject>[1] = {}) => {
  const p = await makeProject(w, over);
  await publishThroughApi(s, p, t.zjInst, t.zjBureau);
  return p;
};

describe('C-15 change requests after publication', () => {
  it('C-15: the institution requests a change, the bureau approves it, the change applies and the revision goes up', async () => {
    const p = await publishedProject();
    const [c1, c2] = await s.ds.getRepository(CurriculumItem).find({ where: { projectId: p.id }, order: { seq: 'ASC' } });
    const changes = {
      hours: 32, credits: 32, endDate: '2026-12-05',
      curriculum: [
        { id: c1!.id, title: c1!.title, hours: 8, kind: 'theory', tags: ['教师专业标准'] },
        { id: c2!.id, title: '课堂观察与研讨（调整）', hours: 16, kind: 'practice', tags: ['师德教育'] },
        { title: '作业设计专题', hours: 8, kind: 'practice', trainerExpertId: w.experts.professor },
      ],
    };
    const req = ok(await s.gql(REQUEST, { id: p.id, changes, reason: '应学员需求增加作业设计专题' }, { token: t.zjInst })).requestProjectChange;
    expect(req).toMatchObject({ status: 'pending', reason: '应学员需求增加作业设计专题', requestedBy: `dev:institution:${w.institutions.zjTrainer}`, revision: null });
    expect(JSON.parse(req.changes)).toMatchObject({ hours: 32, credits: 32, endDate: '2026-12-05' });
    // Nothing applies before the bureau decides; one open request at a time.
    expect(await project(p.id)).toMatchObject({ hours: 24, revision: 1 });
    const second = await s.gql(REQUEST, { id: p.id, changes: { name: '另一个变更' }, reason: '再改' }, { token: t.zjInst });
    expect(second.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', changeId: req.id });

    const decided = ok(await s.gql(DECIDE, { id: req.id, approve: true, reason: '同意' }, { token: t.zjBureau })).decideProjectChange;
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'dev:bureau:330000', decisionReason: '同意', revision: 2 });
    expect(JSON.parse(decided.before)).toMatchObject({ hours: 24, endDate: '2026-12-04' });
    expect(JSON.parse(decided.after).curriculum.map((c: { title: string }) => c.title)).toEqual(['教师专业标准解读', '课堂观察与研讨（调整）', '作业设计专题']);
    expect(await project(p.id)).toMatchObject({ hours: 32, credits: 32, endDate: '2026-12-05', revision: 2, status: 'published' });
    const items = await s.ds.getRepository(CurriculumItem).find({ where: { projectId: p.id }, order: { seq: 'ASC' } });
    expect(items.map((i) => [i.id === c1!.id || i.id === c2!.id, Number(i.hours), i.trainerExpertId])).toEqual([
      [true, 8, null], [true, 16, null], [false, 8, w.experts.professor],
    ]);
    // A change is not a status transition.
    expect(await s.ds.getRepository(ProjectTransition).count({ where: { projectId: p.id } })).toBe(3);
    const read = ok(await s.gql(`query($id: ID!) { Project(id: $id) { revision pendingChangeCount changeRequests { status revision } } }`, { id: p.id }, { token: t.zjInst }));
    expect(read.Project).toEqual({ revision: 2, pendingChangeCount: 0, changeRequests: [{ status: 'approved', revision: 2 }] });
    // A next change may now be requested, and goes to revision 3.
    const next = ok(await s.gql(REQUEST, { id: p.id, changes: { description: '增加线上答疑' }, reason: '补充说明' }, { token: t.zjInst })).requestProjectChange;
    expect(ok(await s.gql(DECIDE, { id: next.id, approve: true }, { token: t.zjBureau })).decideProjectChange.revision).toBe(3);
  });

  it('C-15: only a published project takes change requests, with a reason; a refusal needs a reason and changes nothing', async () => {
    const draft = await makeProject(w);
    const early = await s.gql(REQUEST, { id: draft.id, changes: { name: '改名' }, reason: '改名' }, { token: t.zjInst });
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'draft' });

    const p = await publishedProject();
    const noReason = await s.gql(REQUEST, { id: p.id, changes: { name: '改名' }, reason: ' ' }, { token: t.zjInst });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const empty = await s.gql(REQUEST, { id: p.id, changes: {}, reason: '无' }, { token: t.zjInst });
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'changes' });
    expect((await s.gql(REQUEST, { id: p.id, changes: { name: '改名' }, reason: '改名' }, { token: t.zjBureau })).errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const req = ok(await s.gql(REQUEST, { id: p.id, changes: { name: '小学语文骨干教师提升培训（线上）' }, reason: '调整名称' }, { token: t.zjInst })).requestProjectChange;
    expect((await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.zjInst })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.cqBureau })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const bare = await s.gql(DECIDE, { id: req.id, approve: false }, { token: t.zjBureau });
    expect(bare.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const refused = ok(await s.gql(DECIDE, { id: req.id, approve: false, reason: '名称变更无必要' }, { token: t.zjBureau })).decideProjectChange;
    expect(refused).toMatchObject({ status: 'rejected', decisionReason: '名称变更无必要', revision: null });
    expect(await project(p.id)).toMatchObject({ name: '小学语文骨干教师提升培训', revision: 1 });
    const again = await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.zjBureau });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'rejected' });
  });

  it('C-15, C-9: an approved change is checked like a submission; a refused approval writes nothing', async () => {
    const p = await publishedProject();
    const changes = { hours: 96, credits: 96, curriculum: [{ title: '集中研修', hours: 96, kind: 'practice' }] };
    const req = ok(await s.gql(REQUEST, { id: p.id, changes, reason: '扩展为90学时培训' }, { token: t.zjInst })).requestProjectChange;
    const r = await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.zjBureau });
    expect(ruleIds(r)).toEqual(['C-9']);
    expect(await project(p.id)).toMatchObject({ hours: 24, revision: 1 });
    expect(await s.ds.getRepository(CurriculumItem).count({ where: { projectId: p.id } })).toBe(2);
    const read = ok(await s.gql(`query($id: ID!) { Project(id: $id) { pendingChangeCount } }`, { id: p.id }, { token: t.zjBureau }));
    expect(read.Project.pendingChangeCount).toBe(1);
  });
});

describe('class schedule publication', () => {
  it('publishClassSchedule: the declaring institution publishes the schedule once the project is published', async () => {
    const p = await makeProject(w, { name: '初中数学作业设计培训', subject: '数学', stage: 'junior' as never });
    const cls = await makeClass(w, p);
    const early = await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst });
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'draft' });
    expect(early.errors![0]!.message).toBe('项目当前状态为「草稿」，须发布后才能公布课程表');
    await publishThroughApi(s, p, t.zjInst, t.zjBureau);

    expect((await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjBureau })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.cqInst })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const before = Date.now();
    const done = ok(await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst })).publishClassSchedule;
    expect(done.status).toBe('published');
    expect(new Date(done.schedulePublishedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const again = await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst, lang: 'en' });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'published' });
    expect(again.errors![0]!.message).toBe('Cannot publish the schedule: the class is published');
  });

  it('publishClassSchedule: a class needs at least one session, all within its dates', async () => {
    const p = await publishedProject({ name: '班主任工作能力提升培训', category: '班主任' });
    const cls = await makeClass(w, p);
    const sessions = s.ds.getRepository(ClassSession);
    await sessions.delete({ classId: cls.id });
    const none = await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst });
    expect(ruleIds(none)).toEqual(['COMPLETENESS']);
    expect(none.errors![0]!.extensions).toMatchObject({ field: 'sessions', limit: 1, actual: 0 });
    await sessions.insert({ classId: cls.id, curriculumItemId: null, date: '2026-12-09', title: '延期的研讨课', hours: 4 });
    const outside = await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst });
    expect(outside.errors![0]!.extensions).toMatchObject({ rule: 'COMPLETENESS', actual: '2026-12-09' });
    const row = await s.ds.getRepository(TrainingClass).findOneByOrFail({ id: cls.id });
    expect(row).toMatchObject({ status: 'planned', schedulePublishedAt: null });
    await sessions.update({ classId: cls.id }, { date: '2026-12-02' });
    expect(ok(await s.gql(PUBLISH_SCHEDULE, { id: cls.id }, { token: t.zjInst })).publishClassSchedule.status).toBe('published');
  });
});

