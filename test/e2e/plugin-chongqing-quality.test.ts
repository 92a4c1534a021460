import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseKind, ProjectLevel, ProjectStatus, Stage } from '../../core/entities/enums.js';
import { CurriculumItem, Project, ProjectChange, ProjectExpert } from '../../core/entities/index.js';
import { chongqing } from '../../plugins/chongqing/index.js';
import { addBudget, buildChongqingWorld, goodCurriculum, type CqWorld } from '../../plugins/chongqing/test-helpers.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { SUBMIT, VALIDATE, ok, publishThroughApi, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The Chongqing plugin's training-quality rules (CQ-1 … CQ-7) and BB-10, with the plugin
 * enabled alone. Rules at 'project.submit' are exercised through validateProject (the dry run
 * of submitProject) and submitProject; CQ-3 through C-15 change requests.
 */
let s: TestServer;
let w: World;
let cq: CqWorld;
let t: Tokens;
beforeAll(async () => {
  s = await startTestServer({ plugins: [chongqing({ satisfaction: { minSatisfaction: 0.65 } })] });
  w = await buildWorld(s.ds);
  cq = await buildChongqingWorld(w);
  t = await tokensFor(s, w);
});
afterAll(async () => s?.close());

type Over = Parameters<typeof makeProject>[1];
/** A Chongqing project (500000 unless told) by the Chongqing trainer, passing every CQ rule unless changed. */
const cqProject = (over: Over = {}) =>
  makeProject(w, {
    institutionId: w.institutions.cqTrainer, regionId: w.regions.cq, leadExpertId: w.experts.professor, subject: '数学',
    name: '重庆市小学数学教师能力提升培训', curriculum: goodCurriculum(), ...over,
  });
const validate = async (p: Project) => ok(await s.gql(VALIDATE, { id: p.id }, { token: t.cqInst })).validateProject as
  { rule: string; messageZh: string; messageEn: string; limit: unknown; actual: unknown; field: string | null }[];
const rules = async (p: Project) => (await validate(p)).map((v) => v.rule).sort();

describe('plugin enabled alone', () => {
  it('the server starts with only chongqing; its options, form and i18n are served', async () => {
    const all = ok(await s.gql(`{ plugins { name regions titleZh titleEn options forms { id titleZh } } }`, {}, { token: t.platform })).plugins;
    // Alone here, unless npm test's pass with every plugin enabled runs this file.
    if (!process.env.SHIXUN_TEST_ALL_PLUGINS) expect(all).toHaveLength(1);
    const r = all.filter((p: { name: string }) => p.name === 'chongqing');
    expect(r[0]).toMatchObject({ name: 'chongqing', regions: ['500000'], titleEn: 'Chongqing (training quality and backbone teachers)' });
    const options = JSON.parse(r[0].options);
    expect(options).toMatchObject({ minPracticeShare: 0.5, maxPlanChangeShare: 0.2, satisfaction: { minSatisfaction: 0.65, lastPlaceMaxSatisfaction: 0.8 } });
    expect(options.backbone.stipendPerMonth).toEqual({ national: 80, municipal: 50 });
    expect(r[0].forms.map((f: { id: string }) => f.id)).toEqual(['chongqing.backbone-annual-assessment']);
  });

  it('a Chongqing project meeting every CQ rule submits', async () => {
    const p = await cqProject();
    await addBudget(w, p.id, { trainer: 8000, management: 500, venue: 600, equipment: 400, materials: 500 });
    expect(await validate(p)).toEqual([]);
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token: t.cqInst })).submitProject.status).toBe('submitted');
  });
});

describe('training quality at project.submit', () => {
  it('CQ-1: the required topics 教师专业标准, 师德教育, 信息技术应用能力 are course tags; missing ones are named', async () => {
    const p = await cqProject({
      curriculum: [
        { title: '师德专题', hours: 8, kind: CourseKind.theory, tags: ['师德教育'] },
        { title: '课堂实践', hours: 16, kind: CourseKind.practice, tags: ['课堂教学'] },
      ],
    });
    const v = await validate(p);
    expect(v.map((x) => x.rule)).toEqual(['CQ-1']);
    expect(v[0]).toMatchObject({ limit: 3, actual: 1, field: 'curriculum' });
    expect(v[0]!.messageZh).toContain('缺少 教师专业标准、信息技术应用能力');
    expect(v[0]!.messageEn).toContain('missing 教师专业标准, 信息技术应用能力');
  });

  it('CQ-1: a project of a Chongqing district (500103, a sub-region) is checked too', async () => {
    const p = await cqProject({ regionId: w.regions.cqYuzhong, level: ProjectLevel.district, curriculum: [{ title: '实践', hours: 24, kind: CourseKind.practice, tags: [] }] });
    expect(await rules(p)).toEqual(['CQ-1']);
  });

  it('CQ-2: practice courses are at least 50% of the hours (limit and actual in hours)', async () => {
    const p = await cqProject({
      curriculum: [
        { title: '教师专业标准与师德', hours: 16, kind: CourseKind.theory, tags: ['教师专业标准', '师德教育', '信息技术应用能力'] },
        { title: '跟岗实践', hours: 8, kind: CourseKind.practice, tags: [] },
      ],
    });
    const v = await validate(p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'CQ-2', limit: 12, actual: 8, messageZh: '实践性课程不少于总学时的50%（实际 8 < 12 = 50% × 24）', messageEn: 'practice hours 8 < 12 = 50% of 24' });
    // Exactly half is enough.
    const half = await cqProject({
      curriculum: [
        { title: '理论', hours: 12, kind: CourseKind.theory, tags: ['教师专业标准', '师德教育', '信息技术应用能力'] },
        { title: '实践', hours: 12, kind: CourseKind.practice, tags: [] },
      ],
    });
    expect(await validate(half)).toEqual([]);
  });

  it('CQ-5: management fee ≤ 5% and venue + equipment ≤ 10% of the budget (kinds management; venue, equipment)', async () => {
    const p = await cqProject();
    await addBudget(w, p.id, { trainer: 7700, management: 600, venue: 1000, equipment: 500, meals: 200 });
    const v = (await validate(p)).filter((x) => x.rule === 'CQ-5');
    expect(v.map((x) => [x.limit, x.actual, x.field])).toEqual([[500, 600, 'budget'], [1000, 1500, 'budget']]);
    expect(v[0]!.messageZh).toBe('培训管理费不得超过项目预算的5%（实际 600 > 500 = 5% × 10000）');
    expect(v[1]!.messageEn).toBe('venue and equipment 1500 > 1000 = 10% of the budget 10000');
    expect(await rules(p)).toEqual(['CQ-5', 'CQ-5']);
  });

  it('CQ-6: front-line teachers are at least 50% of the trainers (ProjectExpert trainer + course trainers, each once)', async () => {
    // Trainers: frontLine (ProjectExpert), professor and prof2 (course trainers; professor twice) → 1 of 3 front-line.
    const p = await cqProject({
      curriculum: [
        { title: '教师专业标准解读', hours: 8, kind: CourseKind.theory, tags: ['教师专业标准'], trainerExpertId: w.experts.professor },
        { title: '课堂观察', hours: 8, kind: CourseKind.practice, tags: ['师德教育'], trainerExpertId: w.experts.professor },
        { title: '信息技术应用', hours: 8, kind: CourseKind.practice, tags: ['信息技术应用能力'], trainerExpertId: cq.experts.prof2 },
      ],
    });
    const v = await validate(p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'CQ-6', limit: 1.5, actual: 1, field: 'experts', messageEn: 'front-line trainers 1 < 1.5 = 50% of 3' });
    // One more front-line trainer: 2 of 4 = 50%, enough.
    await s.ds.getRepository(ProjectExpert).insert({ projectId: p.id, expertId: cq.experts.front1, role: 'trainer' });
    expect(await validate(p)).toEqual([]);
  });

  it('CQ-1, CQ-2, CQ-5 and CQ-6 come back all at once on submitProject, each with rule, limit and actual, in both languages', async () => {
    const p = await cqProject({ curriculum: [{ title: '讲座', hours: 24, kind: CourseKind.theory, tags: [], trainerExpertId: w.experts.professor }] });
    await s.ds.getRepository(ProjectExpert).delete({ projectId: p.id });
    await addBudget(w, p.id, { management: 100, trainer: 900 });
    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.cqInst, lang: 'en' });
    expect(ruleIds(r)).toEqual(['CQ-1', 'CQ-2', 'CQ-5', 'CQ-6']);
    const cq2 = r.errors!.find((e) => e.extensions!.rule === 'CQ-2')!;
    expect(cq2.message).toBe('CQ-2 practice hours 0 < 12 = 50% of 24');
    expect(cq2.extensions).toMatchObject({ code: 'RULE_VIOLATION', limit: 12, actual: 0, messageZh: '实践性课程不少于总学时的50%（实际 0 < 12 = 50% × 24）' });
    expect((await s.ds.getRepository(Project).findOneByOrFail({ id: p.id })).status).toBe('draft');
  });

  it('a Chongqing rule never fires on a Zhejiang record: a 330000 project breaking every CQ rule passes them', async () => {
    const p = await makeProject(w, {
      curriculum: [{ title: '专题讲座', hours: 24, kind: CourseKind.theory, tags: [], trainerExpertId: w.experts.lead }],
    });
    await s.ds.getRepository(ProjectExpert).delete({ projectId: p.id });
    await s.ds.getRepository(ProjectExpert).insert({ projectId: p.id, expertId: w.experts.lead, role: 'trainer' });
    await addBudget(w, p.id, { management: 5000, venue: 5000 });
    expect(chongqingRules(ok(await s.gql(VALIDATE, { id: p.id }, { token: t.zjInst })).validateProject)).toEqual([]);
    expect(chongqingRules((await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst })).errors?.map((e) => e.extensions) ?? [])).toEqual([]);
    // Nor on a Zhejiang vocational backbone project (BB-10).
    const voc = await makeProject(w, { stage: Stage.vocational, category: '骨干教师', level: ProjectLevel.national });
    expect(chongqingRules(ok(await s.gql(VALIDATE, { id: voc.id }, { token: t.zjInst })).validateProject)).toEqual([]);
    // The selection steps and parameters stay the core's outside Chongqing.
    expect(s.plugins.selectionSteps('330110', ['school', 'institution'], { projectLevel: 'district', projectCategory: '学科', round: 1 })).toEqual(['school', 'institution']);
    expect(s.plugins.parameter('330110', 'C-11.suspendBelow', 70)).toBe(70);
  });
});

describe('BB-10 vocational backbone training', () => {
  const tags = ['教师专业标准', '师德教育', '信息技术应用能力'];
  const voc = (over: Over) => cqProject({ stage: Stage.vocational, category: '骨干教师', finalAssessment: true, ...over });

  it('BB-10: national ≥ 2 months and ≥ 260 hours; theory ~20%, professional ~30%, enterprise ~50% (± 5 points)', async () => {
    const p = await voc({
      level: ProjectLevel.national, hours: 200, credits: 200, startDate: '2026-03-01', endDate: '2026-04-15',
      curriculum: [
        { title: '职业教育理论与方法', hours: 80, kind: CourseKind.theory, tags },
        { title: '专业前沿技术', hours: 40, kind: CourseKind.practice, tags: ['专业知识与技能'] },
        { title: '企业跟岗实践', hours: 80, kind: CourseKind.practice, tags: ['企业实践'] },
      ],
    });
    const v = (await validate(p)).filter((x) => x.rule === 'BB-10');
    expect(v.map((x) => [x.field, x.limit, x.actual])).toEqual([
      ['hours', 260, 200],
      ['endDate', 2, 1.5],
      ['curriculum', '15%–25%', '40%'],
      ['curriculum', '25%–35%', '20%'],
      ['curriculum', '45%–55%', '40%'],
    ]);
    expect(v[0]!.messageZh).toBe('国家级职业教育骨干教师培训不少于260学时（实际 200 < 260）');
    expect(v[4]!.messageEn).toBe('enterprise practice is 40% of the hours (80 / 200), outside 45%–55% around 50%');
  });

  it('BB-10: a national project of 2 months, 260 hours and 52/78/130 hours passes; provincial needs 1 month and 130 hours', async () => {
    const curriculum = (k: number) => [
      { title: '职业教育理论与方法', hours: 52 * k, kind: CourseKind.theory, tags },
      { title: '专业前沿技术', hours: 78 * k, kind: CourseKind.practice, tags: ['专业知识与技能'] },
      { title: '企业跟岗实践', hours: 130 * k, kind: CourseKind.practice, tags: ['企业实践'] },
    ];
    const national = await voc({ level: ProjectLevel.national, hours: 260, credits: 260, startDate: '2026-03-01', endDate: '2026-04-30', curriculum: curriculum(1) });
    expect(await validate(national)).toEqual([]);
    const provincial = await voc({ level: ProjectLevel.municipal, hours: 130, credits: 130, startDate: '2026-03-01', endDate: '2026-03-20', curriculum: curriculum(0.5) });
    expect((await validate(provincial)).map((x) => [x.rule, x.limit, x.actual])).toEqual([['BB-10', 1, 0.6]]);
    // A vocational project of another category is not a backbone project.
    const other = await voc({ category: '学科', level: ProjectLevel.national, hours: 24, credits: 24, finalAssessment: false });
    expect(await validate(other)).toEqual([]);
  });
});

describe('CQ-3 plan changes after publication', () => {
  const REQUEST = `mutation($id: ID!, $changes: ProjectChangeInput!, $reason: String!) { requestProjectChange(id: $id, changes: $changes, reason: $reason) { id status } }`;
  const DECIDE = `mutation($id: ID!, $approve: Boolean!) { decideProjectChange(changeId: $id, approve: $approve) { id status revision } }`;
  const topics = ['教师专业标准', '师德教育', '信息技术应用能力'];

  async function published() {
    const p = await cqProject({
      hours: 20, credits: 20,
      curriculum: Array.from({ length: 10 }, (_, i) => ({
        title: `课程${i + 1}`, hours: 2, kind: i < 4 ? CourseKind.theory : CourseKind.practice, tags: i === 0 ? topics : [],
      })),
    });
    await publishThroughApi(s, p, t.cqInst, t.cqBureau);
    const items = await s.ds.getRepository(CurriculumItem).find({ where: { projectId: p.id }, order: { seq: 'ASC' } });
    const plan = items.map((c) => ({ id: c.id, title: c.title, hours: Number(c.hours), kind: c.kind, tags: c.tags }));
    return { p, plan };
  }
  const change = async (id: number, changes: object) => {
    const req = ok(await s.gql(REQUEST, { id, changes, reason: '根据学员需求调整' }, { token: t.cqInst })).requestProjectChange;
    return { req, decided: await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.cqBureau }) };
  };

  it('CQ-3: changing 2 of 10 courses (20%) is approved; a later third change counts against the declared plan and is refused', async () => {
    const { p, plan } = await published();
    const first = plan.map((c, i) => (i === 8 || i === 9 ? { ...c, title: `${c.title}（调整）` } : c));
    expect(ok((await change(p.id, { curriculum: first })).decided).decideProjectChange).toMatchObject({ status: 'approved', revision: 2 });

    // 1 more course against the current plan, 3 against the declared one.
    const second = first.map((c, i) => (i === 7 ? { ...c, title: '全新课程' } : c));
    const { req, decided } = await change(p.id, { curriculum: second });
    expect(ruleIds(decided)).toEqual(['CQ-3']);
    expect(decided.errors![0]!.extensions).toMatchObject({ limit: 2, actual: 3, field: 'curriculum', messageZh: '实施方案的课程调整不得超过申报方案的20%（实际 3 门 > 2 = 20% × 10）' });
    // Nothing applied, the request still waits.
    expect(await s.ds.getRepository(ProjectChange).findOneByOrFail({ id: Number(req.id) })).toMatchObject({ status: 'pending' });
    expect((await s.ds.getRepository(Project).findOneByOrFail({ id: p.id })).revision).toBe(2);
  });

  it('CQ-3: dropping one course and adding another is one change; replacing the only trainer changes 100% of the trainers', async () => {
    const { p, plan } = await published();
    const swapped = [...plan.slice(0, 9), { title: '新增实践课', hours: 2, kind: 'practice', tags: [] }];
    expect(ok((await change(p.id, { curriculum: swapped })).decided).decideProjectChange.status).toBe('approved');

    const { decided } = await change(p.id, { experts: [{ expertId: cq.experts.front2, role: 'trainer' }] });
    expect(ruleIds(decided)).toEqual(['CQ-3']);
    expect(decided.errors![0]!.extensions).toMatchObject({ limit: 0.2, actual: 1, field: 'experts' });
    expect(decided.errors![0]!.extensions!.messageEn).toBe('trainers changed 1 > 0.2 = 20% of the declared 1');
  });

  it('CQ-3: a change of a Zhejiang project is never checked by it', async () => {
    // Published directly: with every plugin enabled, Zhejiang's own period rules would stand in the way.
    const p = await makeProject(w, { status: ProjectStatus.published });
    const req = ok(await s.gql(REQUEST, { id: p.id, changes: { experts: [{ expertId: w.experts.frontLine, role: 'trainer' }, { expertId: cq.experts.front3, role: 'trainer' }] }, reason: '增加培训者' }, { token: t.zjInst })).requestProjectChange;
    const decided = await s.gql(DECIDE, { id: req.id, approve: true }, { token: t.zjBureau });
    expect(chongqingRules(decided.errors?.map((e) => e.extensions) ?? [])).toEqual([]);
  });
});

/** The Chongqing plugin's own findings among all violations (other plugins may be enabled too). */
function chongqingRules(violations: ({ rule?: string } | undefined)[]): unknown[] {
  return violations.filter((v) => /^(CQ|BB)-/.test(String(v?.rule)));
}

describe('CQ-4 and CQ-7 contributions', () => {
  it('CQ-4: every Chongqing selection goes teacher → school → district (→ institution), whatever the project level', () => {
    const ctx = { projectLevel: 'district', projectCategory: '学科', round: 1 };
    expect(s.plugins.selectionSteps('500103', ['school', 'institution'], ctx)).toEqual(['school', 'district', 'institution']);
    expect(s.plugins.selectionSteps('500000', ['school', 'district', 'institution'], { ...ctx, projectLevel: 'national' })).toEqual(['school', 'district', 'institution']);
    expect(s.plugins.selectionSteps('500104', ['institution'], ctx)).toEqual(['school', 'district', 'institution']);
  });

  it('CQ-4: a Chongqing teacher selecting a district-level class is reviewed by the school, then the district, then the institution', async () => {
    const FIELDS = 'id status pendingStep steps';
    const SELECT = `mutation($classId: ID!) { selectClass(classId: $classId) { ${FIELDS} } }`;
    const REVIEW = `mutation($id: ID!) { reviewSelection(enrollmentId: $id, decision: approve) { ${FIELDS} } }`;
    const p = await cqProject({ level: ProjectLevel.district, regionId: w.regions.cqYuzhong, status: ProjectStatus.published });
    const cls = await makeClass(w, p);
    const e = ok(await s.gql(SELECT, { classId: cls.id }, { token: await s.tokenFor('teacher', { teacherId: w.teachers.cq1[0] }) })).selectClass;
    expect(e).toMatchObject({ status: 'pending', pendingStep: 'school', steps: ['school', 'district', 'institution'] });
    expect(ok(await s.gql(REVIEW, { id: e.id }, { token: await s.tokenFor('school', { institutionId: w.schools.cq1 }) })).reviewSelection.pendingStep).toBe('district');
    expect(ok(await s.gql(REVIEW, { id: e.id }, { token: await s.tokenFor('bureau', { regionId: '500103' }) })).reviewSelection.pendingStep).toBe('institution');
    expect(ok(await s.gql(REVIEW, { id: e.id }, { token: t.cqInst })).reviewSelection.status).toBe('approved');
    // A Zhejiang district-level class keeps the core steps.
    const zj = await makeProject(w, { level: ProjectLevel.district, regionId: w.regions.yh, status: ProjectStatus.published });
    const zjClass = await makeClass(w, zj);
    const z = ok(await s.gql(SELECT, { classId: zjClass.id }, { token: await s.tokenFor('teacher', { teacherId: w.teachers.yh1[0] }) })).selectClass;
    expect(z.steps).toEqual(['school', 'institution']);
  });

  it('CQ-7: the C-11 thresholds for Chongqing come from the options (C-11.suspendBelow / lastPlaceBelow in percent, as core reads them)', () => {
    expect(s.plugins.parameter('500103', 'C-11.suspendBelow', 70)).toBe(65);
    expect(s.plugins.parameter('500000', 'C-11.lastPlaceBelow', 80)).toBe(80);
    expect(s.plugins.parameter('330000', 'C-11.suspendBelow', 70)).toBe(70);
  });
});
