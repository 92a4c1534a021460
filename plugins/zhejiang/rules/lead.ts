// ZJ-3 and ZJ-4 (003 §三(一) "项目负责人应当为项目申报单位正式员工，面向全省的原则上应当具有
// 副高以上职称，每位项目负责人最多只能申报4个班期"), checked at 'project.submit'.
import { In, Not } from 'typeorm';
import { Expert, Institution, Project, TrainingClass } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { DECLARED, isProvinceWide, violation } from '../util.js';
import { halfYear, projectPeriod } from './period.js';

const TITLE_ZH: Record<string, string> = {
  none: '无职称', third: '三级', second: '二级', first: '一级', associate_senior: '副高级', senior: '正高级',
};

/** ZJ-3: the lead is a formal employee (正式员工) of the declaring institution; 副高 or above when province-wide. */
export const leadEmployment: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || project.leadExpertId === null) return []; // C-16 reports a missing lead
  const lead = await em.getRepository(Expert).findOneBy({ id: project.leadExpertId });
  if (!lead) return []; // C-16 reports a lead outside the expert database
  const out: Violation[] = [];
  if (!lead.formalStaff || Number(lead.employerId) !== Number(project.institutionId)) {
    const employer = lead.employerId ? (await em.getRepository(Institution).findOneBy({ id: lead.employerId }))?.name ?? `机构 ${lead.employerId}` : '无';
    const declarer = (await em.getRepository(Institution).findOneBy({ id: project.institutionId }))?.name ?? `机构 ${project.institutionId}`;
    const actualZh = lead.formalStaff ? `正式员工，单位：${employer}` : `非正式员工，单位：${employer}`;
    out.push(violation('ZJ-3', `项目负责人须为申报单位「${declarer}」的正式员工（实际 ${lead.name}：${actualZh}）`,
      `the project lead must be a formal employee of the declaring institution ${project.institutionId} (${lead.name}: ${lead.formalStaff ? 'formal staff' : 'not formal staff'} of ${lead.employerId ?? 'none'})`,
      String(project.institutionId), `${lead.employerId ?? 'none'}${lead.formalStaff ? '' : ' (not formal staff)'}`, 'leadExpertId'));
  }
  if (isProvinceWide(project) && !options.declaration.seniorTitles.includes(lead.title)) {
    out.push(violation('ZJ-3', `面向全省的项目负责人须具有副高以上职称（实际 ${lead.name}：${TITLE_ZH[lead.title] ?? lead.title}）`,
      `the lead of a province-wide project must hold an associate-senior (副高) title or above (${lead.name}: ${lead.title})`,
      options.declaration.seniorTitles.join('|'), lead.title, 'leadExpertId'));
  }
  return out;
};

/**
 * ZJ-4: one lead declares at most `maxClassesPerLead` classes (班期) per period: the classes
 * of this project plus those of the lead's other declared projects in the same period
 * (the half-year when no period is configured). A project without classes yet counts as one.
 */
export const leadClasses: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || project.leadExpertId === null || !project.startDate) return [];
  const period = await projectPeriod(em, project);
  const span = period ? { from: period.runFrom, to: period.runTo } : halfYear(project.startDate);
  const others = await em.getRepository(Project).find({
    where: { leadExpertId: project.leadExpertId, status: In(DECLARED), id: Not(project.id) },
    select: { id: true, startDate: true },
  });
  const ids = [project.id, ...others.filter((p) => p.startDate && p.startDate >= span.from && p.startDate <= span.to).map((p) => p.id)];
  const classes = await em.getRepository(TrainingClass).find({ where: { projectId: In(ids) }, select: { id: true, projectId: true } });
  const own = classes.filter((c) => c.projectId === project.id).length;
  const total = classes.length - own + Math.max(1, own);
  const max = options.declaration.maxClassesPerLead;
  if (total <= max) return [];
  const label = period ? period.name : `${span.from}—${span.to}`;
  return [violation('ZJ-4', `每位项目负责人每期最多申报${max}个班期（${label}实际 ${total} > ${max}）`,
    `one project lead declares at most ${max} classes per period (${label}: ${total} > ${max})`, max, total, 'leadExpertId')];
};
