import type { Violation } from '../../../core/plugin-host/types.js';

/**
 * BB-5 (001 §三(三) "由区县教育行政部门统一将《…年度考核登记表》及其有关材料于每年12月20日前报送"):
 * the annual form of year Y is filled in and passed on by the district no later than
 * Y-`deadline` (default '12-20', the 20th included), China time. Later submissions, and
 * later district forwarding, are refused with the date.
 */
export function deadlineViolation(year: number, today: string, deadline: string): Violation | null {
  const due = `${year}-${deadline}`;
  if (today <= due) return null;
  return {
    rule: 'BB-5',
    messageZh: `${year}年度考核登记表须于${due}前报送（已逾期：今天 ${today} > ${due}）`,
    messageEn: `the ${year} annual assessment form was due by ${due} (today ${today} > ${due})`,
    limit: due,
    actual: today,
    field: 'year',
  };
}
