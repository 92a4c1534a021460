import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { regionLike } from '../db/region-scope.js';

/**
 * C-10 (000 §(十八), 002 §二): trainees' satisfaction is surveyed per class, one evaluation
 * per enrollment (satisfaction 0..100 and a comment), and the results are kept per
 * institution and subject (copied onto the evaluation from the class's project).
 *
 * "学员满意度" (000 §(十九)) is a percentage of trainees. The source does not define it
 * further, so here the satisfaction rate of an institution in a subject is the share of
 * its evaluations whose score is at least SATISFIED_SCORE (60 of 100, the usual pass mark
 * of a 100-point scale, i.e. 满意 + 基本满意), in percent. The average score is reported too.
 * An evaluation belongs to the year its class ended.
 */
export const SATISFIED_SCORE = 60;

export interface SatisfactionFilter {
  institutionId?: number;
  institutionIds?: number[];
  /** institutions located in this region subtree */
  institutionRegion?: string;
  subject?: string;
  year?: number;
}

export interface SatisfactionStat {
  institutionId: number;
  subject: string;
  count: number;
  satisfiedCount: number;
  average: number;
  /** percent of evaluations with satisfaction ≥ SATISFIED_SCORE */
  ratePercent: number;
}

const pct = (satisfied: number, count: number) => (count ? Math.round((satisfied / count) * 1000) / 10 : 0);

/** Aggregates evaluations (alias `r`, already scoped as the caller needs) per institution and subject. */
export async function satisfactionStats(
  qb: SelectQueryBuilder<ObjectLiteral>,
  f: SatisfactionFilter,
  satisfiedScore = SATISFIED_SCORE,
): Promise<SatisfactionStat[]> {
  if (f.institutionId !== undefined) qb.andWhere('r.institutionId = :c10Inst', { c10Inst: f.institutionId });
  if (f.institutionIds) {
    if (!f.institutionIds.length) return [];
    qb.andWhere('r.institutionId IN (:...c10Insts)', { c10Insts: f.institutionIds });
  }
  if (f.institutionRegion)
    qb.andWhere('r.institutionId IN (SELECT c10i.id FROM institution c10i WHERE c10i.regionId LIKE :c10Region)', { c10Region: regionLike(f.institutionRegion) });
  if (f.subject !== undefined) qb.andWhere('r.subject = :c10Subject', { c10Subject: f.subject });
  if (f.year !== undefined)
    qb.andWhere('r.classId IN (SELECT c10c.id FROM training_class c10c WHERE c10c.endDate >= :c10From AND c10c.endDate <= :c10To)', {
      c10From: `${f.year}-01-01`, c10To: `${f.year}-12-31`,
    });
  const rows = await qb
    .select('r.institutionId', 'institutionId')
    .addSelect('r.subject', 'subject')
    .addSelect('COUNT(*)', 'count')
    .addSelect(`SUM(CASE WHEN r.satisfaction >= :c10Satisfied THEN 1 ELSE 0 END)`, 'satisfied')
    .addSelect('AVG(r.satisfaction)', 'average')
    .setParameter('c10Satisfied', satisfiedScore)
    .groupBy('r.institutionId')
    .addGroupBy('r.subject')
    .orderBy('r.institutionId', 'ASC')
    .addOrderBy('r.subject', 'ASC')
    .getRawMany<{ institutionId: number | string; subject: string; count: number | string; satisfied: number | string; average: number | string }>();
  return rows.map((r) => ({
    institutionId: Number(r.institutionId),
    subject: r.subject,
    count: Number(r.count),
    satisfiedCount: Number(r.satisfied),
    average: Math.round(Number(r.average) * 10) / 10,
    ratePercent: pct(Number(r.satisfied), Number(r.count)),
  }));
}
