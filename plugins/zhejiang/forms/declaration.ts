// The project declaration form (培训项目申报): a whole declaration in one go — the project,
// its lead, experts, curriculum, fee items (ZJ-7) and classes (班期, ZJ-4) — written as a
// draft the institution then submits with the core's submitProject (where every ZJ rule runs).
import { inRegion } from '../../../core/db/region-scope.js';
import { ClassStatus, CourseKind, ProjectLevel, ProjectStatus, Stage, TrainingMode } from '../../../core/entities/enums.js';
import { CurriculumItem, FeeItem, Institution, Project, ProjectExpert, Region, TrainingClass } from '../../../core/entities/index.js';
import { badInput, forbidden, RuleViolations } from '../../../core/graphql/errors.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { FEE_KIND_ZH } from '../rules/fees.js';
import { round2, violation, ZJ_REGION } from '../util.js';

export interface DeclarationData {
  institutionId?: number;
  name: string;
  regionId: string;
  level: ProjectLevel;
  category: string;
  subject: string;
  stage: Stage;
  hours: number;
  credits: number;
  mode: TrainingMode;
  onlineCredits: number;
  finalAssessment: boolean;
  leadExpertId: number;
  startDate: string;
  endDate: string;
  description?: string;
  totalFee: number;
  feeItems: { kind: string; amount: number }[];
  experts: { expertId: number; role: string }[];
  curriculum: { title: string; hours: number; kind: CourseKind; tags?: string[]; trainerExpertId?: number }[];
  classes: { name: string; startDate: string; endDate: string; capacity: number; venue?: string }[];
}

const LEVEL_NAMES = ['国培', '省培', '市培', '区县级', '校本'];
const STAGE_NAMES = ['幼儿园', '小学', '初中', '普通高中', '中职', '特殊教育'];

export const declarationForm = (options: ZhejiangOptions): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.declaration',
  titleZh: '培训项目申报（浙江）',
  titleEn: 'Project declaration (Zhejiang)',
  roles: ['institution'],
  schema: {
    type: 'object',
    title: '培训项目申报',
    required: ['name', 'regionId', 'level', 'category', 'subject', 'stage', 'hours', 'credits', 'mode', 'leadExpertId', 'startDate', 'endDate', 'totalFee', 'feeItems', 'experts', 'curriculum', 'classes'],
    additionalProperties: false,
    properties: {
      institutionId: { type: 'integer', title: '申报机构（平台管理员填写）', minimum: 1 },
      name: { type: 'string', title: '项目名称', minLength: 1, maxLength: 200 },
      regionId: { type: 'string', title: '面向区域（330000 为面向全省）', pattern: '^33\\d{4}$' },
      level: { type: 'string', title: '项目级别', enum: Object.values(ProjectLevel) },
      category: { type: 'string', title: '类别', minLength: 1, maxLength: 32 },
      subject: { type: 'string', title: '学科', minLength: 1, maxLength: 32 },
      stage: { type: 'string', title: '学段', enum: Object.values(Stage) },
      hours: { type: 'number', title: '学时', minimum: 0.5, maximum: 10000 },
      credits: { type: 'number', title: '学分', minimum: 0, maximum: 10000 },
      mode: { type: 'string', title: '培训方式', enum: Object.values(TrainingMode), default: TrainingMode.offline },
      onlineCredits: { type: 'number', title: '线上学分（ZJ-5）', minimum: 0, maximum: 10000, default: 0 },
      finalAssessment: { type: 'boolean', title: '设结业考核', default: false },
      leadExpertId: { type: 'integer', title: '项目负责人（专家库，ZJ-3）', minimum: 1 },
      startDate: { type: 'string', title: '开始日期', format: 'date' },
      endDate: { type: 'string', title: '结束日期', format: 'date' },
      description: { type: 'string', title: '项目简介', maxLength: 5000 },
      totalFee: { type: 'number', title: '总收费标准（元/人，ZJ-7）', minimum: 0, maximum: 10_000_000 },
      feeItems: {
        type: 'array', title: '分项收费（ZJ-7）', maxItems: options.declaration.feeKinds.length, uniqueItems: true,
        items: {
          type: 'object', required: ['kind', 'amount'], additionalProperties: false,
          properties: { kind: { type: 'string', title: '收费项目', enum: options.declaration.feeKinds }, amount: { type: 'number', title: '金额（元/人）', minimum: 0 } },
        },
      },
      experts: {
        type: 'array', title: '培训授课专家（ZJ-12）', minItems: 1, maxItems: 50,
        items: {
          type: 'object', required: ['expertId', 'role'], additionalProperties: false,
          properties: { expertId: { type: 'integer', title: '专家', minimum: 1 }, role: { type: 'string', title: '角色', enum: ['expert', 'trainer', 'mentor'], default: 'trainer' } },
        },
      },
      curriculum: {
        type: 'array', title: '课程安排', minItems: 1, maxItems: 100,
        items: {
          type: 'object', required: ['title', 'hours', 'kind'], additionalProperties: false,
          properties: {
            title: { type: 'string', title: '课程', minLength: 1, maxLength: 200 },
            hours: { type: 'number', title: '学时', minimum: 0.5, maximum: 1000 },
            kind: { type: 'string', title: '类型', enum: Object.values(CourseKind) },
            tags: { type: 'array', title: '主题', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 32 } },
            trainerExpertId: { type: 'integer', title: '授课专家', minimum: 1 },
          },
        },
      },
      classes: {
        type: 'array', title: '班期（ZJ-4）', minItems: 1, maxItems: 20,
        items: {
          type: 'object', required: ['name', 'startDate', 'endDate', 'capacity'], additionalProperties: false,
          properties: {
            name: { type: 'string', title: '班期名称', minLength: 1, maxLength: 200 },
            startDate: { type: 'string', title: '开班日期', format: 'date' },
            endDate: { type: 'string', title: '结束日期', format: 'date' },
            capacity: { type: 'integer', title: '名额', minimum: 1, maximum: 10000 },
            venue: { type: 'string', title: '地点', maxLength: 200 },
          },
        },
      },
    },
  },
  uiSchema: {
    'ui:order': ['institutionId', 'name', 'regionId', 'level', 'category', 'subject', 'stage', 'hours', 'credits', 'mode', 'onlineCredits', 'finalAssessment',
      'leadExpertId', 'startDate', 'endDate', 'description', 'totalFee', 'feeItems', 'experts', 'curriculum', 'classes'],
    level: { 'ui:enumNames': LEVEL_NAMES },
    stage: { 'ui:enumNames': STAGE_NAMES },
    mode: { 'ui:enumNames': ['线下', '线上', '混合式'] },
    description: { 'ui:widget': 'textarea' },
    startDate: { 'ui:widget': 'date' },
    endDate: { 'ui:widget': 'date' },
    feeItems: { items: { kind: { 'ui:enumNames': options.declaration.feeKinds.map((k) => FEE_KIND_ZH[k] ?? k) } } },
    curriculum: { items: { kind: { 'ui:enumNames': ['理论', '实践'] } } },
  },
  async submit(data: DeclarationData, { em, actor }) {
    let institutionId: number;
    if (actor.role === 'institution') {
      if (data.institutionId !== undefined && data.institutionId !== actor.institutionId)
        throw forbidden('只能为本机构申报项目', 'You may only declare projects for your own institution');
      institutionId = Number(actor.institutionId);
    } else if (data.institutionId) institutionId = data.institutionId;
    else throw badInput('请指定申报机构', 'institutionId is required', 'institutionId');
    if (!(await em.getRepository(Institution).findOneBy({ id: institutionId }))) throw badInput(`机构 ${institutionId} 不存在`, `Institution ${institutionId} not found`, 'institutionId');
    if (!inRegion(data.regionId, ZJ_REGION) || !(await em.getRepository(Region).findOneBy({ id: data.regionId })))
      throw badInput(`面向区域 ${data.regionId} 不是浙江省的行政区划`, `Region ${data.regionId} is not a Zhejiang region`, 'regionId');
    if (data.endDate < data.startDate) throw badInput('结束日期不得早于开始日期', 'endDate must not be before startDate', 'endDate');

    // ZJ-7 at once: the items must add up to the total fee (submission checks the same again).
    const sum = round2(data.feeItems.reduce((s, i) => s + i.amount, 0));
    if (sum !== round2(data.totalFee))
      throw new RuleViolations([violation('ZJ-7', `总收费标准须等于各分项收费之和（实际 总额 ${data.totalFee} ≠ 分项合计 ${sum}）`,
        `the total fee must equal the sum of its items (total ${data.totalFee} ≠ items ${sum})`, data.totalFee, sum, 'totalFee')]);

    const projects = em.getRepository(Project);
    const project = await projects.save(projects.create({
      name: data.name, institutionId, regionId: data.regionId, level: data.level, category: data.category, subject: data.subject, stage: data.stage,
      hours: data.hours, credits: data.credits, mode: data.mode, onlineCredits: data.onlineCredits ?? 0, hybridApproved: false,
      finalAssessment: data.finalAssessment ?? false, leadExpertId: data.leadExpertId, totalFee: data.totalFee, startDate: data.startDate,
      endDate: data.endDate, description: data.description ?? null, status: ProjectStatus.draft, revision: 1,
    }));
    if (data.feeItems.length) await em.getRepository(FeeItem).insert(data.feeItems.map((f) => ({ projectId: project.id, kind: f.kind, amount: f.amount })));
    const seen = new Set<string>();
    const experts = data.experts.filter((e) => !seen.has(`${e.expertId}:${e.role}`) && seen.add(`${e.expertId}:${e.role}`));
    await em.getRepository(ProjectExpert).insert(experts.map((e) => ({ projectId: project.id, expertId: e.expertId, role: e.role })));
    await em.getRepository(CurriculumItem).insert(data.curriculum.map((c, seq) => ({
      projectId: project.id, seq, title: c.title, hours: c.hours, kind: c.kind, tags: c.tags ?? [], trainerExpertId: c.trainerExpertId ?? null,
    })));
    for (const c of data.classes) {
      if (c.endDate < c.startDate) throw badInput(`班期「${c.name}」结束日期早于开班日期`, `class ${c.name}: endDate before startDate`, 'classes');
      await em.getRepository(TrainingClass).insert({
        projectId: project.id, regionId: data.regionId, institutionId, name: c.name, startDate: c.startDate, endDate: c.endDate,
        capacity: c.capacity, enrolled: 0, venue: c.venue ?? null, schedulePublishedAt: null, status: ClassStatus.planned,
      });
    }
    return { id: project.id, messageZh: `已保存申报草稿「${project.name}」，请提交申报`, messageEn: `Draft "${project.name}" saved; submit it to declare` };
  },
});
