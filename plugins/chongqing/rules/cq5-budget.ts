import { BudgetItem } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { num, pct, round2 } from './format.js';

/**
 * CQ-5 (000 §(十四) "培训管理费不得超过5%，场地、设备等使用费不得超过10%"), against the total of the
 * project's BudgetItem rows. Budget kinds (BudgetItem.kind) the plugin reads, by default:
 *   'management'           培训管理费                 ≤ 5% of the total
 *   'venue', 'equipment'   场地使用费, 设备使用费      together ≤ 10% of the total
 * Other kinds ('trainer' 授课费, 'materials' 资料费, 'lodging', 'meals', 'travel', …) only add to
 * the total. A project without budget lines is not checked here. limit/actual in yuan.
 */
export function budgetViolations(items: { kind: string; amount: number }[], b: ChongqingOptions['budget']): Violation[] {
  const total = round2(items.reduce((s, i) => s + Number(i.amount), 0));
  if (!(total > 0)) return [];
  const sum = (kinds: string[]) => round2(items.filter((i) => kinds.includes(i.kind)).reduce((s, i) => s + Number(i.amount), 0));
  const out: Violation[] = [];
  const management = sum(b.managementKinds);
  const managementLimit = round2(total * b.maxManagementShare);
  if (management > managementLimit)
    out.push({
      rule: 'CQ-5',
      messageZh: `培训管理费不得超过项目预算的${pct(b.maxManagementShare)}（实际 ${num(management)} > ${num(managementLimit)} = ${pct(b.maxManagementShare)} × ${num(total)}）`,
      messageEn: `management fee ${num(management)} > ${num(managementLimit)} = ${pct(b.maxManagementShare)} of the budget ${num(total)}`,
      limit: managementLimit,
      actual: management,
      field: 'budget',
    });
  const venue = sum(b.venueKinds);
  const venueLimit = round2(total * b.maxVenueShare);
  if (venue > venueLimit)
    out.push({
      rule: 'CQ-5',
      messageZh: `场地、设备等使用费不得超过项目预算的${pct(b.maxVenueShare)}（实际 ${num(venue)} > ${num(venueLimit)} = ${pct(b.maxVenueShare)} × ${num(total)}）`,
      messageEn: `venue and equipment ${num(venue)} > ${num(venueLimit)} = ${pct(b.maxVenueShare)} of the budget ${num(total)}`,
      limit: venueLimit,
      actual: venue,
      field: 'budget',
    });
  return out;
}

export const cq5Budget: RuleCheck<'project.submit', ChongqingOptions> = async ({ input, em, options }) => {
  const items = await em.getRepository(BudgetItem).find({ where: { projectId: input.projectId } });
  return budgetViolations(items, options.budget);
};
