import { In, type EntityManager } from 'typeorm';
import { ProjectLevel, QualificationStatus } from '../entities/enums.js';
import { Qualification, type Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

export const LEVEL_ZH: Record<ProjectLevel, string> = {
  national: '国培', provincial: '省培', municipal: '市培', district: '区县级', school: '校本',
};

/**
 * C-5 at declaration (000 §(十) "在具备培训资质的机构进行培训后方能登记继续教育学分"):
 * the declaring institution holds an active qualification for the project's level and
 * subject ('*' covers every subject) that is valid over the whole of the project's dates.
 * School-based (校本) projects are run by the school itself and need no licence.
 */
export async function checkQualification(
  em: EntityManager,
  project: Pick<Project, 'institutionId' | 'level' | 'subject' | 'startDate' | 'endDate'>,
): Promise<Violation[]> {
  if (project.level === ProjectLevel.school) return [];
  if (!Object.values(ProjectLevel).includes(project.level)) return []; // C-1 reports the level itself
  const candidates = await em.getRepository(Qualification).find({
    where: { institutionId: project.institutionId, level: project.level, subject: In([project.subject, '*']) },
    order: { validFrom: 'ASC' },
  });
  const start = project.startDate;
  const end = project.endDate ?? project.startDate;
  const covers = (q: Qualification) =>
    (!start || q.validFrom <= start) && (!end || q.validTo === null || q.validTo === undefined || q.validTo >= end);
  const active = candidates.filter((q) => q.status === QualificationStatus.active);
  if (active.some(covers)) return [];

  const period = start ? `${start}—${end ?? ''}` : '';
  let actualZh = '无此资质';
  let actualEn = 'none';
  let actual = 'none';
  const inactive = candidates.find((q) => q.status !== QualificationStatus.active && covers(q));
  if (active.length) {
    const q = active[active.length - 1]!;
    actual = `${q.validFrom}—${q.validTo ?? ''}`;
    actualZh = `资质有效期 ${actual}`;
    actualEn = `qualification valid ${actual}`;
  } else if (inactive) {
    actual = inactive.status;
    actualZh = inactive.status === QualificationStatus.suspended ? '资质已暂停' : '资质已撤销';
    actualEn = `qualification ${inactive.status}`;
  }
  const levelZh = LEVEL_ZH[project.level];
  return [{
    rule: 'C-5',
    messageZh: `申报机构须持有${levelZh}「${project.subject}」学科有效培训资质${period ? `，且覆盖培训日期 ${period}` : ''}（实际 ${actualZh}）`,
    messageEn: `the institution must hold an active ${project.level} qualification for ${project.subject}${period ? ` valid over ${period}` : ''} (actual: ${actualEn})`,
    limit: `${project.level}/${project.subject}${period ? ` ${period}` : ''}`,
    actual,
    field: 'level',
  }];
}
