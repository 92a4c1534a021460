import { ZjCreditException } from './credit-exception.js';
import { ZjPeriod } from './period.js';
import { ZjSchoolPlan } from './school-plan.js';

export { ZjCreditException, ZjPeriod, ZjSchoolPlan };
export const zhejiangEntities = [ZjPeriod, ZjSchoolPlan, ZjCreditException];
