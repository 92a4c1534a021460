import type { ReviewStepName } from '../../../core/plugin-host/types.js';

/**
 * CQ-4 (000 §(四) "要按照学员自荐、学校初审、区县审核的程序遴选推荐参训对象"): every selection of a
 * Chongqing teacher goes teacher → school → district, then whatever follows (the institution's
 * recheck). Contributed as `selectionSteps`: the school step first, the district step right
 * after it, the rest in their order.
 */
export function cq4SelectionSteps(steps: ReviewStepName[]): ReviewStepName[] {
  const rest = steps.filter((s) => s !== 'school' && s !== 'district');
  return ['school', 'district', ...rest];
}
