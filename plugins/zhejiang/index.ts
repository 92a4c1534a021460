import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import { zhejiangEntities } from './entities/index.js';
import { declarationForm } from './forms/declaration.js';
import { creditExceptionForm, externalCreditForm } from './forms/external-credit.js';
import { hybridApprovalForm } from './forms/hybrid-approval.js';
import { periodForm } from './forms/period.js';
import { schoolPlanForm } from './forms/school-plan.js';
import { i18n } from './i18n.js';
import { migrations } from './migrations/index.js';
import { defaults, optionsSchema, type ZhejiangOptions } from './options.js';
import { zhejiangResources } from './resources.js';
import { ZjCreditResolver } from './resolvers/credits.js';
import { ZjPlacesResolver } from './resolvers/places.js';
import { cycleAudit, registerCap } from './rules/credits.js';
import { priorApprovalWaiver } from './rules/prior-approval.js';
import { expertDatabase } from './rules/experts.js';
import { feeItems } from './rules/fees.js';
import { hybridShare } from './rules/hybrid.js';
import { leadClasses, leadEmployment } from './rules/lead.js';
import { classRunWindow, declarationWindow, publicationDate, reviewWindow, teacherDataWindow } from './rules/period.js';
import { projectQuota } from './rules/quota.js';
import { reviewingBureau } from './rules/review.js';
import { scheduleLeadTime } from './rules/schedule.js';
import { schoolPlanning, selectionRound, zhejiangSteps } from './rules/selection.js';
import { seedZhejiang } from './seed.js';
import { ZJ_REGION } from './util.js';

/**
 * 浙江省 (330000): the province's declaration and selection notice (浙教办函〔2019〕357号,
 * seeds/003) and its credit system (POLICY.md ZJ-1..ZJ-18). See plugins/zhejiang/README.md
 * for where each rule is checked and the choices made where the text is silent.
 *
 * Public entry for plugins that depend on this one (yuhang): the factory, the options type,
 * and the small helpers exported below. Everything else is internal.
 */
export const zhejiang = definePlugin<ZhejiangOptions>({
  name: 'zhejiang',
  regions: [ZJ_REGION],
  defaults,
  optionsSchema,
  setup: (options) => ({
    entities: zhejiangEntities,
    migrations,
    resources: zhejiangResources,
    resolvers: [ZjPlacesResolver, ZjCreditResolver],
    permissions: {
      zjReservedPlaces: ['platform', 'bureau', 'institution', 'school'],
      zjCreditSummary: ['platform', 'bureau', 'school', 'teacher'],
    },
    rules: {
      // Declaration: every violation at once.
      'project.submit': [declarationWindow, leadEmployment, leadClasses, hybridShare, feeItems, projectQuota, expertDatabase],
      'project.approve': [reviewingBureau, reviewWindow],
      'project.publish': [publicationDate],
      'teacher.update': [teacherDataWindow],
      'class.publish': [scheduleLeadTime, classRunWindow],
      'selection.create': [selectionRound, schoolPlanning],
      'cycle.audit': [cycleAudit],
      'credit.register': [registerCap],
    },
    // ZJ-17: class credits from an institution without a qualification (C-5) with the school's prior approval.
    waivers: { 'C-5': priorApprovalWaiver },
    selectionSteps: zhejiangSteps,
    forms: [
      declarationForm(options), periodForm(), externalCreditForm(options), creditExceptionForm(), schoolPlanForm(options), hybridApprovalForm(),
    ],
    i18n,
    seedDemo: seedZhejiang,
  }),
});

export default zhejiang;
export type { ZhejiangOptions } from './options.js';
export { ZJ_REGION, chinaDay, daysBetween, violation } from './util.js';
export { periodFor } from './rules/period.js';
