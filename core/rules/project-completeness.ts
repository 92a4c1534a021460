import type { EntityManager } from 'typeorm';
import { ProjectLevel, TrainingMode } from '../entities/enums.js';
import { CurriculumItem, type Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * Basic completeness of a declaration, checked with the core rules at submission:
 * C-1 the level is one of the levels; the curriculum's hours add up to the project's
 * hours; dates are given and in order; a hybrid project has some, but not all, of its
 * credits online. Violations other than C-1 carry the id 'COMPLETENESS'.
 */
const round1 = (n: number) => Math.round(n * 10) / 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function checkCompleteness(em: EntityManager, project: Project): Promise<Violation[]> {
  const out: Violation[] = [];
  const levels = Object.values(ProjectLevel) as string[];
  if (!levels.includes(project.level)) {
    out.push({
      rule: 'C-1',
      messageZh: `项目级别须为国培、省培、市培、区县级或校本之一（实际 ${project.level}）`,
      messageEn: `the level must be one of ${levels.join(', ')} (got ${project.level})`,
      limit: levels.join('|'), actual: String(project.level), field: 'level',
    });
  }
  const hours = Number(project.hours);
  const credits = Number(project.credits);
  if (!(hours > 0)) {
    out.push({
      rule: 'COMPLETENESS', messageZh: `项目学时须大于0（实际 ${hours}）`, messageEn: `hours must be more than 0 (got ${hours})`,
      limit: 0, actual: hours, field: 'hours',
    });
  }
  const items = await em.getRepository(CurriculumItem).find({ where: { projectId: project.id }, select: { id: true, hours: true } });
  const sum = round1(items.reduce((s, i) => s + Number(i.hours), 0));
  if (items.length === 0) {
    out.push({
      rule: 'COMPLETENESS', messageZh: '项目须有课程安排（实际 0 门课程）', messageEn: 'the curriculum must list at least 1 course (0 listed)',
      limit: 1, actual: 0, field: 'curriculum',
    });
  } else if (sum !== round1(hours)) {
    out.push({
      rule: 'COMPLETENESS',
      messageZh: `课程学时合计须等于项目学时（实际 ${sum} ≠ ${hours}）`,
      messageEn: `curriculum hours must add up to the project's hours (${sum} ≠ ${hours})`,
      limit: hours, actual: sum, field: 'curriculum',
    });
  }
  for (const [field, value] of [['startDate', project.startDate], ['endDate', project.endDate]] as const) {
    if (!value || !DATE.test(String(value))) {
      out.push({
        rule: 'COMPLETENESS',
        messageZh: `须填写${field === 'startDate' ? '开始' : '结束'}日期（实际 ${value ?? '未填写'}）`,
        messageEn: `${field} must be a date YYYY-MM-DD (got ${value ?? 'nothing'})`,
        limit: 'YYYY-MM-DD', actual: value ?? null, field,
      });
    }
  }
  if (project.startDate && project.endDate && project.endDate < project.startDate) {
    out.push({
      rule: 'COMPLETENESS',
      messageZh: `结束日期不得早于开始日期（实际 ${project.endDate} < ${project.startDate}）`,
      messageEn: `endDate must not be before startDate (${project.endDate} < ${project.startDate})`,
      limit: project.startDate, actual: project.endDate, field: 'endDate',
    });
  }
  if (project.mode === TrainingMode.hybrid) {
    const online = Number(project.onlineCredits);
    if (!(online > 0 && online < credits)) {
      out.push({
        rule: 'COMPLETENESS',
        messageZh: `混合式培训的线上学分须大于0且小于总学分（实际 线上 ${online}，总 ${credits}）`,
        messageEn: `a hybrid project needs online credits above 0 and below the total (online ${online}, total ${credits})`,
        limit: credits, actual: online, field: 'onlineCredits',
      });
    }
  }
  return out;
}
