import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { chongqingEntities } from './entities/index.js';
import { annualAssessmentForm } from './forms/annual-assessment.js';
import { i18n } from './i18n.js';
import { migrations } from './migrations/index.js';
import { CQ_REGION, defaults, optionsSchema, PLUGIN, type ChongqingOptions } from './options.js';
import { CqAssessmentResolver } from './resolvers/assessment.js';
import { CqDesignationResolver } from './resolvers/designation.js';
import { CqStipendResolver } from './resolvers/stipend.js';
import { chongqingResources } from './resources/index.js';
import { chongqingRules } from './rules/index.js';
import { cq4SelectionSteps } from './rules/cq4-selection.js';
import { seedChongqingDemo } from './seed.js';

export type { ChongqingOptions };

/**
 * 重庆市 (500000): training quality (渝教师〔2013〕24号, CQ-1 … CQ-7) and national/municipal
 * backbone teachers (BB-1 … BB-10). See plugins/chongqing/README.md for what each rule does,
 * where it runs and which options set its numbers.
 */
export const chongqing = definePlugin<ChongqingOptions>({
  name: PLUGIN,
  regions: [CQ_REGION],
  defaults,
  optionsSchema,
  setup: (options) => ({
    entities: chongqingEntities,
    migrations,
    resources: chongqingResources,
    resolvers: [CqDesignationResolver, CqAssessmentResolver, CqStipendResolver],
    permissions: {
      cqRecommendBackbone: ['platform', 'school'],
      cqReviewBackboneRecommendation: ['platform', 'bureau'],
      cqReviewBackboneExpert: ['platform', 'bureau'],
      cqCompleteBackboneTraining: ['platform', 'bureau', 'institution'],
      cqApproveBackboneDesignation: ['platform', 'bureau'],
      cqRevokeBackboneDesignation: ['platform', 'bureau'],
      cqRenewBackboneDesignation: ['platform', 'bureau'],
      cqReviewBackboneAssessment: ['platform', 'bureau', 'school'],
      cqBackboneStipendLedger: ['platform', 'bureau', 'school', 'teacher'],
      cqBackboneStipendLedgerXlsx: ['platform', 'bureau', 'school'],
    },
    rules: chongqingRules,
    // CQ-4: teacher → school → district (→ institution) for every Chongqing selection.
    selectionSteps: (steps, { options: o }) => (o.districtReview ? cq4SelectionSteps(steps) : steps),
    // CQ-7: the C-11 thresholds, in percent as core's c11ThresholdsFor reads them.
    parameters: {
      'C-11.suspendBelow': Math.round(options.satisfaction.minSatisfaction * 10000) / 100,
      'C-11.lastPlaceBelow': Math.round(options.satisfaction.lastPlaceMaxSatisfaction * 10000) / 100,
    },
    forms: [annualAssessmentForm(options)],
    i18n,
    seedDemo: seedChongqingDemo,
  }),
});

export default chongqing;
