import type { EntityManager } from 'typeorm';
import { ClassStatus, ProjectLevel } from '../entities/enums.js';
import { TrainingClass } from '../entities/index.js';

/**
 * C-12 (000 §(十) "对连续三年未承担培训任务的市级培训基地取消其市培、国培资质"): an institution
 * that ran no training in three consecutive years loses its municipal and national
 * qualifications — proposed to the bureau, applied when approved.
 *
 * - "ran training" = a class of the institution, not cancelled, whose dates touch the window
 *   of the three years ending with the evaluated year;
 * - 市培 is the provincial-level tier (C-1: 省培/市培), so provincial and municipal
 *   qualifications are revoked along with national ones; district ones are not;
 * - only qualifications held since the window began are judged (a newer licensee has not
 *   had three years to run anything).
 */
export const C12_INACTIVE_YEARS = 3;
export const C12_LEVELS: ProjectLevel[] = [ProjectLevel.national, ProjectLevel.provincial, ProjectLevel.municipal];

export const c12Window = (year: number) => ({ from: `${year - C12_INACTIVE_YEARS + 1}-01-01`, to: `${year}-12-31` });

/** The institutions (of those given) that ran at least one class in the window. */
export async function institutionsThatRanClasses(em: EntityManager, institutionIds: number[], year: number): Promise<Set<number>> {
  if (!institutionIds.length) return new Set();
  const { from, to } = c12Window(year);
  const rows = await em
    .getRepository(TrainingClass)
    .createQueryBuilder('c')
    .select('DISTINCT c.institutionId', 'institutionId')
    .where('c.institutionId IN (:...ids)', { ids: institutionIds })
    .andWhere('c.status <> :cancelled', { cancelled: ClassStatus.cancelled })
    .andWhere('c.startDate <= :to AND c.endDate >= :from', { from, to })
    .getRawMany<{ institutionId: number | string }>();
  return new Set(rows.map((r) => Number(r.institutionId)));
}
