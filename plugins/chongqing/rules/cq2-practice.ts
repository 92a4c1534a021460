import { CourseKind } from '../../../core/entities/enums.js';
import { CurriculumItem } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { num, pct, round2 } from './format.js';

/**
 * CQ-2 (000 §(三) "实践性课程比例不少于50%"): practice courses (CurriculumItem.kind 'practice')
 * are at least `minPracticeShare` of the curriculum's hours. limit = practice hours needed,
 * actual = practice hours declared.
 */
export function practiceShareViolations(items: { hours: number; kind: string }[], minShare: number): Violation[] {
  const total = round2(items.reduce((s, i) => s + Number(i.hours), 0));
  if (!(total > 0)) return [];
  const practice = round2(items.filter((i) => i.kind === CourseKind.practice).reduce((s, i) => s + Number(i.hours), 0));
  const needed = round2(total * minShare);
  if (practice >= needed) return [];
  return [{
    rule: 'CQ-2',
    messageZh: `实践性课程不少于总学时的${pct(minShare)}（实际 ${num(practice)} < ${num(needed)} = ${pct(minShare)} × ${num(total)}）`,
    messageEn: `practice hours ${num(practice)} < ${num(needed)} = ${pct(minShare)} of ${num(total)}`,
    limit: needed,
    actual: practice,
    field: 'curriculum',
  }];
}

export const cq2Practice: RuleCheck<'project.submit', ChongqingOptions> = async ({ input, em, options }) => {
  const items = await em.getRepository(CurriculumItem).find({ where: { projectId: input.projectId }, select: { id: true, hours: true, kind: true } });
  return practiceShareViolations(items, options.minPracticeShare);
};
