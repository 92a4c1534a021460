import { CqBackboneAssessment } from './assessment.js';
import { CqBackboneDesignation } from './designation.js';
import { CqBackboneQuota } from './quota.js';
import { CqBackboneTraining } from './training.js';
import { CqTravelClaim } from './travel-claim.js';

export { CqBackboneAssessment, CqBackboneDesignation, CqBackboneQuota, CqBackboneTraining, CqTravelClaim };

export const chongqingEntities: Function[] = [CqBackboneQuota, CqBackboneDesignation, CqBackboneTraining, CqBackboneAssessment, CqTravelClaim];
