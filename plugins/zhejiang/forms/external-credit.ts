// External credit registration (校外/其他学分登记) with ZJ-16 (conversion table, per-cycle
// caps) and ZJ-17 (training at an institution without a qualification counts only with the
// school's prior approval: a ZjCreditException approved on or before the training's start),
// and the prior-approval form itself.
import type { EntityManager } from 'typeorm';
import { CreditSource, QualificationStatus } from '../../../core/entities/enums.js';
import { CreditRecord, Cycle, Institution, Qualification } from '../../../core/entities/index.js';
import { badInput, RuleViolations } from '../../../core/graphql/errors.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import { ZjCreditException } from '../entities/credit-exception.js';
import { CONVERTED_SOURCES, type ConvertedSource, type ZhejiangOptions } from '../options.js';
import { capViolation, SOURCE_ZH } from '../rules/credits.js';
import { approvalCovers } from '../rules/prior-approval.js';
import { chinaDay, round1, violation } from '../util.js';
import { zhejiangTeacher } from './teacher.js';

/** Whether an institution in the platform held an active qualification over the whole of the dates (any level, any subject). */
export async function qualifiedOver(em: EntityManager, institutionId: number, from: string, to: string): Promise<boolean> {
  const rows = await em.getRepository(Qualification).find({ where: { institutionId, status: QualificationStatus.active } });
  return rows.some((q) => q.validFrom <= from && (q.validTo === null || q.validTo >= to));
}

export interface ExternalCreditData {
  teacherId: number;
  source: 'external' | ConvertedSource;
  year: number;
  /** Hours, or items (a course, a paper, a semester…) for sources the table converts per item. */
  quantity: number;
  hours?: number;
  title: string;
  institutionId?: number;
  institutionName?: string;
  startDate?: string;
  endDate?: string;
  evidence: string;
  exceptionId?: number;
}

const SOURCES = ['external', ...CONVERTED_SOURCES];

/** Credits a registration converts to, by the ZJ-16 table (external training: hours × hourCredits). */
export function convert(data: Pick<ExternalCreditData, 'source' | 'quantity'>, options: ZhejiangOptions): number {
  if (data.source === 'external') return round1(data.quantity * options.credits.hourCredits);
  return round1(data.quantity * options.credits.conversion[data.source].rate);
}

export const externalCreditForm = (options: ZhejiangOptions): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.externalCredit',
  titleZh: '校外及其他学分登记（浙江）',
  titleEn: 'External and other credits (Zhejiang)',
  roles: ['school', 'bureau'],
  schema: {
    type: 'object',
    title: '校外及其他学分登记',
    required: ['teacherId', 'source', 'year', 'quantity', 'title', 'evidence'],
    additionalProperties: false,
    properties: {
      teacherId: { type: 'integer', title: '教师', minimum: 1 },
      source: { type: 'string', title: '学分来源', enum: SOURCES },
      year: { type: 'integer', title: '年度', minimum: 1990, maximum: 2100 },
      quantity: {
        type: 'number', title: '数量（学时，或按项计的课程/成果/学期数）', exclusiveMinimum: 0, maximum: 10000,
        description: SOURCES.map((s) => s === 'external'
          ? `external: 1 学时 = ${options.credits.hourCredits} 学分`
          : `${s}: ${options.credits.conversion[s as ConvertedSource].rate} 学分/${options.credits.conversion[s as ConvertedSource].unit === 'hour' ? '学时' : '项'}，每周期上限 ${options.credits.conversion[s as ConvertedSource].cap}`).join('；'),
      },
      hours: { type: 'number', title: '学时（按项折算时填写）', minimum: 0, maximum: 10000 },
      title: { type: 'string', title: '培训/活动名称', minLength: 2, maxLength: 200 },
      institutionId: { type: 'integer', title: '培训机构（平台内）', minimum: 1 },
      institutionName: { type: 'string', title: '培训机构名称（平台外）', maxLength: 128 },
      startDate: { type: 'string', title: '开始日期', format: 'date' },
      endDate: { type: 'string', title: '结束日期', format: 'date' },
      evidence: { type: 'string', title: '证明材料（证书编号、批准文件等）', minLength: 2, maxLength: 300 },
      exceptionId: { type: 'integer', title: '学校事先审批（无资质机构，ZJ-17）', minimum: 1 },
    },
  },
  uiSchema: {
    'ui:order': ['teacherId', 'source', 'year', 'quantity', 'hours', 'title', 'institutionId', 'institutionName', 'startDate', 'endDate', 'evidence', 'exceptionId'],
    source: { 'ui:enumNames': SOURCES.map((s) => (s === 'external' ? '校外培训' : SOURCE_ZH[s])) },
    startDate: { 'ui:widget': 'date' },
    endDate: { 'ui:widget': 'date' },
    evidence: { 'ui:widget': 'textarea' },
  },
  async submit(data: ExternalCreditData, { em, actor, options: o }) {
    const teacher = await zhejiangTeacher(em, actor, data.teacherId);
    const cycle = await em
      .getRepository(Cycle)
      .createQueryBuilder('c')
      .where('c.startYear <= :y AND c.endYear >= :y', { y: data.year })
      .getOne();
    if (!cycle) throw badInput(`${data.year} 年不属于任何继续教育周期`, `No cycle covers ${data.year}`, 'year');
    const credits = convert(data, o);
    const hours = data.source === 'external' || o.credits.conversion[data.source as ConvertedSource]?.unit === 'hour' ? data.quantity : (data.hours ?? 0);

    let exception: ZjCreditException | null = null;
    let institution = data.institutionName?.trim() || '';
    if (data.source === 'external') {
      // ZJ-17: an external training names its institution and dates; unqualified → the school's prior approval.
      if (!data.startDate || !data.endDate) throw badInput('校外培训须填写起止日期', 'External training needs its dates', 'startDate');
      if (!data.institutionId && !institution) throw badInput('校外培训须填写培训机构', 'External training needs its institution', 'institutionName');
      let qualified = false;
      if (data.institutionId) {
        const inst = await em.getRepository(Institution).findOneBy({ id: data.institutionId });
        if (!inst) throw badInput(`机构 ${data.institutionId} 不存在`, `Institution ${data.institutionId} not found`, 'institutionId');
        institution = inst.name;
        qualified = await qualifiedOver(em, inst.id, data.startDate, data.endDate);
      }
      if (!qualified) {
        exception = data.exceptionId ? await em.getRepository(ZjCreditException).findOneBy({ id: data.exceptionId, teacherId: teacher.id }) : null;
        const fine = exception && approvalCovers(exception, { startDate: data.startDate });
        if (!fine) {
          const actualZh = !exception ? '无学校事先审批' : exception.creditRecordId !== null ? '该审批已用于其他学分' : `审批于 ${exception.approvedOn}，开训 ${data.startDate}`;
          const actualEn = !exception ? 'no prior school approval' : exception.creditRecordId !== null ? 'approval already used' : `approved ${exception.approvedOn}, training from ${data.startDate}`;
          throw new RuleViolations([violation('ZJ-17', `在无资质机构「${institution}」参加的培训，须经学校事先审批方可登记学分（实际 ${actualZh}）`,
            `training at an institution without qualification (${institution}) counts only with the school's prior approval (${actualEn})`,
            'prior school approval', actualEn, 'exceptionId')]);
        }
      }
    }
    throwIf(await capViolation(em, teacher.id, cycle.id, data.source, credits, o));

    const evidence = [data.title, institution, data.startDate && `${data.startDate}—${data.endDate ?? ''}`, data.evidence, exception && `ZJ-17 审批 ${exception.id}`]
      .filter(Boolean).join('｜').slice(0, 500);
    const repo = em.getRepository(CreditRecord);
    const saved = await repo.save(repo.create({
      teacherId: teacher.id, cycleId: cycle.id, regionId: teacher.regionId, year: data.year, credits, hours: round1(hours),
      source: data.source as CreditSource, classId: null, enrollmentId: null, evidence, correctsId: null, reason: null, grantKey: null,
      createdBy: actor.id, createdAt: new Date(),
    }));
    if (exception) {
      exception.creditRecordId = saved.id;
      await em.getRepository(ZjCreditException).save(exception);
    }
    return { id: saved.id, messageZh: `已登记 ${credits} 学分（${cycle.name}）`, messageEn: `${credits} credits registered (${cycle.name})` };
  },
});

function throwIf(v: ReturnType<typeof violation>[]) {
  if (v.length) throw new RuleViolations(v);
}

export const creditExceptionForm = (): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.creditException',
  titleZh: '无资质机构参训事先审批',
  titleEn: 'Prior approval: training at an unqualified institution',
  roles: ['school'],
  schema: {
    type: 'object',
    title: '教师到无资质机构参训学校事先审批（ZJ-17）',
    required: ['teacherId', 'institutionName', 'trainingName', 'startDate', 'endDate', 'reason'],
    additionalProperties: false,
    properties: {
      teacherId: { type: 'integer', title: '教师', minimum: 1 },
      institutionName: { type: 'string', title: '培训机构', minLength: 2, maxLength: 128 },
      trainingName: { type: 'string', title: '培训名称', minLength: 2, maxLength: 200 },
      startDate: { type: 'string', title: '开始日期', format: 'date' },
      endDate: { type: 'string', title: '结束日期', format: 'date' },
      reason: { type: 'string', title: '审批意见', minLength: 2, maxLength: 500 },
    },
  },
  uiSchema: { startDate: { 'ui:widget': 'date' }, endDate: { 'ui:widget': 'date' }, reason: { 'ui:widget': 'textarea' } },
  async submit(data: { teacherId: number; institutionName: string; trainingName: string; startDate: string; endDate: string; reason: string }, { em, actor }) {
    const teacher = await zhejiangTeacher(em, actor, data.teacherId);
    const today = chinaDay();
    if (data.endDate < data.startDate) throw badInput('结束日期不得早于开始日期', 'endDate must not be before startDate', 'endDate');
    if (today > data.startDate)
      throw new RuleViolations([violation('ZJ-17', `须在培训开始前审批（培训 ${data.startDate} 开始，今天 ${today}）`,
        `the approval must come before the training starts (starts ${data.startDate}, today ${today})`, data.startDate, today, 'startDate')]);
    const repo = em.getRepository(ZjCreditException);
    const saved = await repo.save(repo.create({
      teacherId: teacher.id, schoolId: teacher.schoolId, regionId: teacher.regionId, institutionName: data.institutionName, trainingName: data.trainingName,
      startDate: data.startDate, endDate: data.endDate, approvedOn: today, reason: data.reason, approvedBy: actor.id, creditRecordId: null,
    }));
    return { id: saved.id, messageZh: '已审批', messageEn: 'Approved' };
  },
});
