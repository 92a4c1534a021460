import { In, type EntityManager } from 'typeorm';
import { ActionStatus, ProjectLevel, QualificationStatus } from '../entities/enums.js';
import { Qualification, QualificationAction, type Project, type TrainingClass } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';
import { LEVEL_ZH } from './c5-qualification.js';

/**
 * C-5 at credit time (000 §(十) "在具备培训资质的机构进行培训后方能登记继续教育学分"):
 * credits are registered only when the institution that ran the class held a qualification
 * for the project's level and subject ('*' = every subject) valid over the class's dates.
 *
 * "Held over the dates" reads the qualification's history, not just today's status:
 * - validFrom ≤ class start and (validTo empty or ≥ class end);
 * - a qualification suspended or revoked (C-11, C-12) still counts if that decision was
 *   taken after the class ended (the approved QualificationAction's decidedAt); a
 *   non-active row with no such decision counts as inactive since its validFrom;
 * - a subject-specific qualification suspended before the class ended overrides a '*'
 *   qualification of the same level (that is how C-11 suspends one subject of a '*' licence).
 * Levels match exactly. School-based (校本) training is run by the school itself and needs
 * no licence (as at declaration, see c5-qualification.ts).
 */
export async function checkCreditQualification(
  em: EntityManager,
  cls: Pick<TrainingClass, 'institutionId' | 'startDate' | 'endDate'>,
  project: Pick<Project, 'level' | 'subject'>,
): Promise<Violation[]> {
  if (project.level === ProjectLevel.school) return [];
  const start = cls.startDate;
  const end = cls.endDate;
  const rows = await em.getRepository(Qualification).find({
    where: { institutionId: cls.institutionId, level: project.level, subject: In([project.subject, '*']) },
    order: { validFrom: 'ASC', id: 'ASC' },
  });
  const inactiveIds = rows.filter((q) => q.status !== QualificationStatus.active).map((q) => q.id);
  const decisions = inactiveIds.length
    ? await em.getRepository(QualificationAction).find({ where: { qualificationId: In(inactiveIds), status: ActionStatus.approved } })
    : [];
  /** The date (YYYY-MM-DD) from which a non-active row stopped counting. */
  const inactiveSince = (q: Qualification): string => {
    const decided = decisions
      .filter((a) => a.qualificationId === q.id && a.proposedStatus === q.status && a.decidedAt)
      .map((a) => new Date(a.decidedAt!).toISOString().slice(0, 10))
      .sort();
    return decided[decided.length - 1] ?? q.validFrom;
  };
  const datesCovered = (q: Qualification) => q.validFrom <= start && (q.validTo === null || q.validTo === undefined || q.validTo >= end);
  const heldThrough = (q: Qualification) => datesCovered(q) && (q.status === QualificationStatus.active || inactiveSince(q) > end);

  const specific = rows.filter((q) => q.subject === project.subject);
  const wildcard = rows.filter((q) => q.subject === '*');
  const blocking = specific.find((q) => q.status !== QualificationStatus.active && inactiveSince(q) <= end);
  if (specific.some(heldThrough) || (!blocking && wildcard.some(heldThrough))) return [];

  const levelZh = LEVEL_ZH[project.level] ?? project.level;
  let actual = 'none';
  let actualZh = '无此资质';
  const lapsed = blocking ?? rows.find((q) => q.status !== QualificationStatus.active && inactiveSince(q) <= end);
  if (lapsed) {
    actual = `${lapsed.status} ${inactiveSince(lapsed)}`;
    actualZh = `${lapsed.status === QualificationStatus.suspended ? '资质已暂停' : '资质已撤销'}（${inactiveSince(lapsed)} 起）`;
  } else if (rows.length) {
    const q = rows[rows.length - 1]!;
    actual = `valid ${q.validFrom}..${q.validTo ?? ''}`;
    actualZh = `资质有效期 ${q.validFrom} 至 ${q.validTo ?? '长期'}`;
  }
  return [{
    rule: 'C-5',
    messageZh: `培训机构在培训日期 ${start} 至 ${end} 须持有${levelZh}「${project.subject}」学科有效培训资质方能登记学分（实际 ${actualZh}）`,
    messageEn: `credits need an institution qualified for ${project.level}/${project.subject} over the training dates ${start}..${end} (actual: ${actual})`,
    limit: `${project.level}/${project.subject} ${start}..${end}`,
    actual,
  }];
}
