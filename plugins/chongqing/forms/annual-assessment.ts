import { inAnyRegion } from '../../../core/db/region-scope.js';
import { badInput, forbidden, RuleViolations } from '../../../core/graphql/errors.js';
import { findScoped } from '../../../core/graphql/resource.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import { conflict, teacherLookup } from '../backbone/access.js';
import { deadlineViolation } from '../backbone/deadline.js';
import { dutyFindings, type AnnualFormData } from '../backbone/duties.js';
import { CqBackboneAssessment, CqBackboneDesignation } from '../entities/index.js';
import { i18n } from '../i18n.js';
import { CQ_REGION, type ChongqingOptions } from '../options.js';
import { chinaToday } from '../rules/dates.js';

export const ANNUAL_FORM_ID = 'chongqing.backbone-annual-assessment';

const semesters = (title: string) => ({
  type: 'object',
  title,
  required: ['first', 'second'],
  additionalProperties: false,
  properties: {
    first: { type: 'integer', title: '上学期', minimum: 0, maximum: 100, default: 0 },
    second: { type: 'integer', title: '下学期', minimum: 0, maximum: 100, default: 0 },
  },
});

const text = (title: string, maxLength = 200) => ({ type: 'string', title, minLength: 1, maxLength });
const LEVELS4 = ['national', 'provincial', 'city', 'district'];
const LEVELS4_ZH = ['国家级', '省（市）级', '地市级', '区县级'];
const BACKBONE = ['national', 'municipal', 'district', 'school'];
const BACKBONE_ZH = ['国家级', '市级', '区县级', '校级'];

/**
 * 重庆市国家级、市级骨干教师年度考核登记表 (BB-4 duties, BB-5 deadline): filled in by the teacher
 * (or the school for its teacher) for a year of the teacher's designation, by the deadline.
 * It records; the BB-4 shortfalls are stored with the record (dutyFindings) for the three
 * review levels of BB-5 (cqReviewBackboneAssessment). Resubmitting before the school's review
 * replaces the data.
 */
export const annualAssessmentForm = (options: ChongqingOptions): FormDefinition<ChongqingOptions> => ({
  id: ANNUAL_FORM_ID,
  titleZh: i18n['zh-CN']['form.annualAssessment'],
  titleEn: i18n.en['form.annualAssessment'],
  roles: ['teacher', 'school'],
  schema: {
    type: 'object',
    title: '重庆市国家级、市级骨干教师年度考核登记表',
    description: `须于考核年度 ${options.backbone.assessmentDeadline.replace('-', '月')}日前报送`,
    required: ['year', 'monograph', 'reflections', 'demonstrationLessons', 'lectures'],
    additionalProperties: false,
    properties: {
      teacherId: { type: 'integer', title: '教师（学校代填时必填）', minimum: 1 },
      year: { type: 'integer', title: '考核年度', minimum: 2000, maximum: 2100 },
      monograph: {
        type: 'object',
        title: '学习现代教育理论或学科教育专著',
        required: ['title', 'notes'],
        additionalProperties: false,
        properties: {
          title: { type: 'string', title: '专著名称', maxLength: 200 },
          notes: { type: 'boolean', title: '已作读书笔记', default: false },
        },
      },
      reflections: semesters('教学心得（篇）'),
      researchProjects: {
        type: 'array',
        title: '主持或参与的课题研究',
        default: [],
        maxItems: 20,
        items: {
          type: 'object',
          required: ['title', 'level', 'role', 'outcome'],
          additionalProperties: false,
          properties: {
            title: text('课题名称'),
            level: { type: 'string', title: '课题级别', enum: ['national', 'municipal', 'district', 'school'] },
            role: { type: 'string', title: '角色', enum: ['host', 'participant'] },
            outcome: { type: 'string', title: '成果', enum: ['report', 'stage', 'none'] },
          },
        },
      },
      papers: {
        type: 'array',
        title: '发表的学术论文',
        default: [],
        maxItems: 50,
        items: {
          type: 'object',
          required: ['title', 'journal', 'level'],
          additionalProperties: false,
          properties: { title: text('论文题目'), journal: text('刊物名称', 100), level: { type: 'string', title: '刊物级别', enum: LEVELS4 } },
        },
      },
      prizes: {
        type: 'array',
        title: '教育科研成果获奖',
        default: [],
        maxItems: 50,
        items: {
          type: 'object',
          required: ['title', 'level', 'grade'],
          additionalProperties: false,
          properties: {
            title: text('成果名称'),
            level: { type: 'string', title: '奖项级别', enum: LEVELS4 },
            grade: { type: 'string', title: '等次', enum: ['special', 'first', 'second', 'third', 'other'] },
          },
        },
      },
      demonstrationLessons: semesters('为全校教师上示范课（次）'),
      lectures: semesters('专题报告（次）'),
      guidedTeachers: {
        type: 'array',
        title: '指导的骨干教师',
        default: [],
        maxItems: 50,
        items: {
          type: 'object',
          required: ['name', 'level'],
          additionalProperties: false,
          properties: { name: text('姓名', 64), level: { type: 'string', title: '骨干级别', enum: BACKBONE } },
        },
      },
      summary: { type: 'string', title: '年度工作总结', maxLength: 2000 },
    },
  },
  uiSchema: {
    'ui:order': ['teacherId', 'year', 'monograph', 'reflections', 'researchProjects', 'papers', 'prizes', 'demonstrationLessons', 'lectures', 'guidedTeachers', 'summary'],
    researchProjects: {
      items: {
        level: { 'ui:enumNames': ['国家级', '市级', '区县级', '校级'] },
        role: { 'ui:enumNames': ['主持', '参与'] },
        outcome: { 'ui:enumNames': ['研究报告', '阶段成果', '暂无成果'] },
      },
    },
    papers: { items: { level: { 'ui:enumNames': LEVELS4_ZH } } },
    prizes: { items: { level: { 'ui:enumNames': LEVELS4_ZH }, grade: { 'ui:enumNames': ['特等奖', '一等奖', '二等奖', '三等奖', '其他'] } } },
    guidedTeachers: { items: { level: { 'ui:enumNames': BACKBONE_ZH } } },
    summary: { 'ui:widget': 'textarea' },
  },
  async submit(data: AnnualFormData, { em, actor, options: o }) {
    let teacherId = data.teacherId;
    if (actor.role === 'teacher') {
      if (teacherId !== undefined && Number(teacherId) !== Number(actor.teacherId))
        throw forbidden('教师只能填写本人的登记表', 'A teacher fills in only their own form');
      teacherId = actor.teacherId;
    }
    if (!teacherId) throw badInput('请选择教师', 'teacherId is required', 'teacherId');
    const teacher = await findScoped(em, teacherLookup, actor, teacherId);
    if (!inAnyRegion(teacher.regionId, [CQ_REGION])) throw badInput('该教师不在重庆市', 'The teacher is not in Chongqing', 'teacherId');
    const today = chinaToday();
    if (data.year > Number(today.slice(0, 4)))
      throw badInput(`不能登记尚未开始的年度（${data.year}）`, `Year ${data.year} has not begun`, 'year');
    const late = deadlineViolation(data.year, today, o.backbone.assessmentDeadline);
    if (late) throw new RuleViolations([late]);

    const first = `${data.year}-01-01`;
    const last = `${data.year}-12-31`;
    const designations = await em.getRepository(CqBackboneDesignation).find({ where: { teacherId: teacher.id, status: 'designated' }, order: { id: 'DESC' } });
    const d = designations.find((x) => !!x.designatedFrom && x.designatedFrom <= last && (!x.designatedUntil || x.designatedUntil >= first));
    if (!d)
      throw badInput(`该教师在${data.year}年不是在任的国家级、市级骨干教师`, `The teacher held no national or municipal designation in ${data.year}`, 'year');

    const findings = dutyFindings(d.level, data, o.backbone.duties);
    const repo = em.getRepository(CqBackboneAssessment);
    const existing = await repo.findOne({ where: { designationId: d.id, year: data.year } });
    if (existing && existing.status !== 'submitted')
      throw conflict(`${data.year}年度登记表已进入审核，不能再修改`, `The ${data.year} form is already under review`, { assessmentId: String(existing.id) });
    const values = {
      designationId: d.id, teacherId: teacher.id, schoolId: teacher.schoolId, regionId: teacher.regionId, level: d.level, year: data.year,
      status: 'submitted', result: null, data: JSON.stringify(data), dutyFindings: JSON.stringify(findings), submittedBy: actor.id, submittedAt: new Date(),
    };
    let id: number;
    if (existing) {
      await repo.update({ id: existing.id }, values);
      id = existing.id;
    } else {
      id = (await repo.save(repo.create({
        ...values, schoolBy: null, schoolAt: null, schoolComment: null, districtBy: null, districtAt: null, districtComment: null,
        municipalBy: null, municipalAt: null, municipalComment: null, creditRecordId: null,
      }))).id;
    }
    return {
      id,
      messageZh: findings.length ? `已提交，待任职学校考核；${findings.length} 项职责未达要求：${findings.map((f) => f.messageZh).join('；')}` : '已提交，待任职学校考核',
      messageEn: findings.length ? `Submitted for the school's review; ${findings.length} duties short: ${findings.map((f) => f.messageEn).join('; ')}` : "Submitted for the school's review",
    };
  },
});
