/**
 * BB-7 (001 §四 2(2) "实行骨干教师津贴制度，其津贴由教师任职单位解决。国家级骨干教师每月津贴80元，
 * 市级骨干教师每月津贴50元"), for a year whose annual assessment passed ("经取得…资格，年度考核
 * 合格者，可享受以下待遇"). The ledger is computed, never stored:
 *   amount = months held in the year × the level's monthly rate (options.backbone.stipendPerMonth)
 * A month counts when the teacher holds the designation on its first day (designatedFrom ≤ day ≤
 * designatedUntil, and before the revocation day). The payer is the teacher's school.
 */
export interface Held { designatedFrom: string | null; designatedUntil: string | null; revokedOn: string | null }

export function monthsHeldInYear(d: Held, year: number): number {
  if (!d.designatedFrom) return 0;
  let n = 0;
  for (let m = 1; m <= 12; m++) {
    const first = `${year}-${String(m).padStart(2, '0')}-01`;
    if (first < d.designatedFrom) continue;
    if (d.designatedUntil && first > d.designatedUntil) continue;
    if (d.revokedOn && first >= d.revokedOn) continue;
    n++;
  }
  return n;
}
