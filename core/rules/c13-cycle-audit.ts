import type { EntityManager } from 'typeorm';
import type { Cycle } from '../entities/index.js';
import { CreditRecord } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * C-13 (000 §(十二) "完善教师培训学分年度审核制度"): an annual and a cycle audit of each
 * teacher's credits, whose result feeds certification renewal, titles and appraisal.
 *
 * The ledger (C-2) sums every record of the teacher in the cycle, corrections (C-14,
 * signed deltas) included, per year and in total. The core sets no minimum: how many
 * credits a cycle or a year needs is regional policy (e.g. ZJ-13: 360 a cycle, 24 a year),
 * so the findings come from the plugins' checks at 'cycle.audit'. With no plugin
 * governing the teacher's region there are no findings and the audit passes.
 */
export interface LedgerYearData { year: number; credits: number; hours: number }
export interface LedgerTotals { totalCredits: number; totalHours: number; byYear: LedgerYearData[] }

const r1 = (v: unknown) => Math.round(Number(v ?? 0) * 10) / 10;

export async function ledgerTotals(em: EntityManager, teacherId: number, cycle: Cycle): Promise<LedgerTotals> {
  const rows = await em
    .getRepository(CreditRecord)
    .createQueryBuilder('c')
    .select('c.year', 'year')
    .addSelect('SUM(c.credits)', 'credits')
    .addSelect('SUM(c.hours)', 'hours')
    .where('c.teacherId = :teacherId AND c.cycleId = :cycleId', { teacherId, cycleId: cycle.id })
    .groupBy('c.year')
    .getRawMany<{ year: number | string; credits: string | number; hours: string | number }>();
  return totalsFromYears(rows, cycle);
}

/** The ledger totals from per-year sums (the region-wide audit computes the same in tenths, see AuditedLedger). */
export function totalsFromYears(
  rows: { year: number | string; credits: string | number; hours: string | number }[],
  cycle: Pick<Cycle, 'startYear' | 'endYear'>,
): LedgerTotals {
  const byYearMap = new Map(rows.map((r) => [Number(r.year), r]));
  const byYear: LedgerYearData[] = [];
  for (let y = cycle.startYear; y <= cycle.endYear; y++) {
    const r = byYearMap.get(y);
    byYear.push({ year: y, credits: r1(r?.credits), hours: r1(r?.hours) });
  }
  // Records filed under the cycle but outside its years (should not happen) still count.
  for (const [y, r] of byYearMap) if (y < cycle.startYear || y > cycle.endYear) byYear.push({ year: y, credits: r1(r.credits), hours: r1(r.hours) });
  byYear.sort((a, b) => a.year - b.year);
  return {
    totalCredits: r1(byYear.reduce((s, y) => s + y.credits, 0)),
    totalHours: r1(byYear.reduce((s, y) => s + y.hours, 0)),
    byYear,
  };
}

/** The audit passes when no rule found anything missing. */
export const auditPasses = (findings: Violation[]) => findings.length === 0;
