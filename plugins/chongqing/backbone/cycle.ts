import type { Violation } from '../../../core/plugin-host/types.js';
import { addMonths, dayString, parseDay } from '../rules/dates.js';

/**
 * BB-6 (001 §三(三) "连续三年合格者可按程序申报参加重庆市教育教学专家和学科带头人的评审，连续五年
 * 合格者，且年龄、学历符合要求，直接确定为下一个周期相应层次骨干教师培训对象"): consecutive passes
 * are counted back from the latest decided year of a designation, year by year; a fail or a
 * missing year ends the run.
 */
export function consecutivePasses(assessments: { year: number; result: string | null }[]): number {
  const decided = assessments.filter((a) => a.result === 'pass' || a.result === 'fail').sort((a, b) => b.year - a.year);
  let n = 0;
  let expect: number | null = null;
  for (const a of decided) {
    if (a.result !== 'pass' || (expect !== null && a.year !== expect)) break;
    n++;
    expect = a.year - 1;
  }
  return n;
}

export function renewalViolations(passes: number, needed: number, age: number | null, maxAge: number | null): Violation[] {
  const out: Violation[] = [];
  if (passes < needed)
    out.push({
      rule: 'BB-6',
      messageZh: `连续${needed}年考核合格方可直接确定为下一周期培训对象（实际 ${passes} < ${needed}）`,
      messageEn: `${needed} consecutive passes are needed for the next cycle (${passes} < ${needed})`,
      limit: needed,
      actual: passes,
    });
  if (maxAge !== null && age !== null && age > maxAge)
    out.push({
      rule: 'BB-6',
      messageZh: `直接确定为下一周期培训对象的年龄不得超过${maxAge}岁（实际 ${age} > ${maxAge}）`,
      messageEn: `age ${age} > ${maxAge} for the next cycle`,
      limit: maxAge,
      actual: age,
    });
  return out;
}

/** The last day of a designation of `years` years starting on `from`. */
export const designationUntil = (from: string, years: number) => dayString(parseDay(addMonths(from, 12 * years)) - 86_400_000);
