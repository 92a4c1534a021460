import type { EntityManager } from 'typeorm';
import { CreditSource } from '../../../core/entities/enums.js';
import { CreditRecord, Cycle, Teacher } from '../../../core/entities/index.js';
import type { CqBackboneAssessment } from '../entities/index.js';
import type { ChongqingOptions } from '../options.js';

/**
 * BB-8 (001 §四 2(3) "当年度其继续教育直接登记为合格，免于参加其他继续教育活动。若年度考核不合格者，
 * 根据继续教育学时折算办法，按实际完成情况予以登记审核"): a passed annual assessment writes one
 * CreditRecord (source annual_complete) for that year in the cycle covering it, with the
 * credits and hours of `backbone.annualComplete` (default 72 = 360 hours / 5 years), keyed
 * `cq-bb8:<teacher>:<year>` so it lands once. A failed year writes nothing: the teacher's
 * actual credits (class grants, C-6) stand. A year no cycle covers registers nothing.
 */
export const annualCompleteKey = (teacherId: number, year: number) => `cq-bb8:${teacherId}:${year}`;

export async function registerAnnualComplete(
  em: EntityManager,
  a: Pick<CqBackboneAssessment, 'teacherId' | 'year' | 'designationId' | 'level'>,
  o: ChongqingOptions,
  actorId: string,
): Promise<number | null> {
  const grantKey = annualCompleteKey(a.teacherId, a.year);
  const repo = em.getRepository(CreditRecord);
  const existing = await repo.findOne({ where: { grantKey }, select: { id: true } });
  if (existing) return existing.id;
  const cycle = await em.getRepository(Cycle).createQueryBuilder('c')
    .where('c.startYear <= :y AND c.endYear >= :y', { y: a.year }).orderBy('c.startYear', 'DESC').getOne();
  if (!cycle) return null;
  const teacher = await em.getRepository(Teacher).findOneByOrFail({ id: a.teacherId });
  const saved = await repo.save(repo.create({
    teacherId: teacher.id, cycleId: cycle.id, regionId: teacher.regionId, year: a.year,
    credits: o.backbone.annualComplete.credits, hours: o.backbone.annualComplete.hours, source: CreditSource.annual_complete,
    classId: null, enrollmentId: null,
    evidence: `重庆市${a.level === 'national' ? '国家级' : '市级'}骨干教师${a.year}年度考核合格（认定 ${a.designationId}）`,
    correctsId: null, reason: 'BB-8 年度考核合格，当年度继续教育直接登记为合格', grantKey, createdBy: actorId, createdAt: new Date(),
  }));
  return saved.id;
}
