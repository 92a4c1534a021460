import type { RuleSet } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { bb10Vocational } from './bb10-vocational.js';
import { cq1RequiredTopics } from './cq1-required-topics.js';
import { cq2Practice } from './cq2-practice.js';
import { cq3PlanChange } from './cq3-plan-change.js';
import { cq5Budget } from './cq5-budget.js';
import { cq6FrontLine } from './cq6-front-line.js';

/**
 * The Chongqing rules at the core's rule points (they only ever see records in 500000):
 *   project.submit  CQ-1 topics, CQ-2 practice, CQ-5 budget, CQ-6 front-line trainers, BB-10 vocational backbone
 *   project.change  CQ-3 plan change ≤ 20%
 * CQ-4 is `selectionSteps`, CQ-7 `parameters`; BB-2 … BB-9 live in the backbone resolvers and form.
 */
export const chongqingRules: RuleSet<ChongqingOptions> = {
  'project.submit': [cq1RequiredTopics, cq2Practice, cq5Budget, cq6FrontLine, bb10Vocational],
  'project.change': [cq3PlanChange],
};
