import type { EntityManager } from 'typeorm';
import { ProjectLevel } from '../entities/enums.js';
import type { Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';
import { checkCreditQualification } from './c5-credit-qualification.js';

export const LEVEL_ZH: Record<ProjectLevel, string> = {
  national: '国培', provincial: '省培', municipal: '市培', district: '区县级', school: '校本',
};

/**
 * C-5 at declaration (000 §(十) "在具备培训资质的机构进行培训后方能登记继续教育学分"): a project
 * whose credits could never be registered is refused up front. Same test as at credit time
 * (c5-credit-qualification.ts), over the project's planned dates — or today, when the dates
 * are still missing (the completeness check reports those).
 */
export async function checkQualification(
  em: EntityManager,
  project: Pick<Project, 'institutionId' | 'level' | 'subject' | 'startDate' | 'endDate'>,
): Promise<Violation[]> {
  if (!Object.values(ProjectLevel).includes(project.level)) return []; // C-1 reports the level itself
  const today = new Date().toISOString().slice(0, 10);
  const startDate = project.startDate ?? today;
  const endDate = project.endDate ?? startDate;
  const found = await checkCreditQualification(em, { institutionId: project.institutionId, startDate, endDate }, project);
  return found.map((v) => ({
    ...v,
    messageZh: `申报机构须持有${LEVEL_ZH[project.level]}「${project.subject}」学科有效培训资质，且覆盖培训日期 ${startDate}—${endDate}（实际 ${String(v.actual)}）`,
    messageEn: `the institution must hold an active ${project.level} qualification for ${project.subject} valid over ${startDate}..${endDate} (actual: ${String(v.actual)})`,
    field: 'level',
  }));
}
