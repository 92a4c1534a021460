import type { Violation } from '../plugin-host/types.js';
import { SATISFIED_SCORE, type SatisfactionStat } from './c10-satisfaction.js';

/**
 * C-11 (000 §(十九)): "凡学员满意度在70%以下或连续两次排名倒数第一且满意度在80%以下的要暂停
 * 该承办单位该学科培训资质" — for each institution and subject, a satisfaction rate below
 * 70%, or last place among the institutions of that subject in two consecutive yearly
 * evaluations with a rate below 80% (in both), suspends that institution's qualification
 * for that subject. Here it is proposed to the bureau, and applied when approved.
 *
 * - the rate is C-10's (share of evaluations ≥ SATISFIED_SCORE, in percent);
 * - the ranking is among the institutions evaluated in that subject in the bureau's region
 *   that year, by rate then average score; last place needs at least two ranked and
 *   someone ranked above (all tied is no one's last place); ties at the bottom share it;
 * - the thresholds are parameters with these defaults (CQ-7 lets Chongqing set its own).
 */
export interface C11Thresholds {
  /** rate (%) below which the subject's qualification is suspended */
  suspendBelow: number;
  /** rate (%) below which two consecutive last places suspend it */
  lastPlaceBelow: number;
  /** score (0..100) at which a trainee counts as satisfied */
  satisfiedScore: number;
}
export const C11_DEFAULTS: C11Thresholds = { suspendBelow: 70, lastPlaceBelow: 80, satisfiedScore: SATISFIED_SCORE };

export interface PerformanceJudgement extends SatisfactionStat {
  rank: number;
  of: number;
  lastPlace: boolean;
  lastPlacePreviousYear: boolean;
  previousRatePercent: number | null;
  violation: Violation | null;
}

const cmp = (a: SatisfactionStat, b: SatisfactionStat) => a.ratePercent - b.ratePercent || a.average - b.average;

/** Rank (1 = best) and last place per subject. */
function ranked(stats: SatisfactionStat[]): Map<string, { rank: number; of: number; last: boolean }> {
  const out = new Map<string, { rank: number; of: number; last: boolean }>();
  const bySubject = new Map<string, SatisfactionStat[]>();
  for (const s of stats) bySubject.set(s.subject, [...(bySubject.get(s.subject) ?? []), s]);
  for (const group of bySubject.values()) {
    const sorted = [...group].sort((a, b) => cmp(b, a));
    const worst = sorted[sorted.length - 1]!;
    const best = sorted[0]!;
    for (const s of sorted) {
      const rank = 1 + sorted.filter((o) => cmp(o, s) > 0).length;
      const last = sorted.length >= 2 && cmp(best, worst) !== 0 && cmp(s, worst) === 0;
      out.set(`${s.institutionId}:${s.subject}`, { rank, of: sorted.length, last });
    }
  }
  return out;
}

export function judgePerformance(current: SatisfactionStat[], previous: SatisfactionStat[], t: C11Thresholds = C11_DEFAULTS): PerformanceJudgement[] {
  const now = ranked(current);
  const before = ranked(previous);
  const prevStat = new Map(previous.map((s) => [`${s.institutionId}:${s.subject}`, s]));
  return current.map((s) => {
    const key = `${s.institutionId}:${s.subject}`;
    const r = now.get(key)!;
    const p = before.get(key);
    const ps = prevStat.get(key);
    let violation: Violation | null = null;
    if (s.ratePercent < t.suspendBelow)
      violation = {
        rule: 'C-11',
        messageZh: `「${s.subject}」学科学员满意度 ${s.ratePercent}% 低于 ${t.suspendBelow}%，暂停该学科培训资质（实际 ${s.ratePercent}% < ${t.suspendBelow}%）`,
        messageEn: `satisfaction in ${s.subject} ${s.ratePercent}% < ${t.suspendBelow}%: the subject's qualification is suspended`,
        limit: t.suspendBelow,
        actual: s.ratePercent,
      };
    else if (r.last && p?.last && s.ratePercent < t.lastPlaceBelow && ps && ps.ratePercent < t.lastPlaceBelow)
      violation = {
        rule: 'C-11',
        messageZh: `「${s.subject}」学科连续两年排名倒数第一且满意度低于 ${t.lastPlaceBelow}%（实际 ${ps.ratePercent}%、${s.ratePercent}%），暂停该学科培训资质`,
        messageEn: `last in ${s.subject} two years running with satisfaction < ${t.lastPlaceBelow}% (${ps.ratePercent}%, ${s.ratePercent}%): the subject's qualification is suspended`,
        limit: t.lastPlaceBelow,
        actual: s.ratePercent,
      };
    return { ...s, rank: r.rank, of: r.of, lastPlace: r.last, lastPlacePreviousYear: !!p?.last, previousRatePercent: ps?.ratePercent ?? null, violation };
  });
}
