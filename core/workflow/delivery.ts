import { AssessmentResolver } from './assessment.js';
import { AttendanceResolver } from './attendance.js';
import { CreditsResolver } from './credits.js';
import { CycleAuditResolver } from './cycle-audit.js';
import { EvaluationResolver } from './evaluation.js';
import { InstitutionPerformanceResolver } from './institution-performance.js';

/**
 * Running a class and what comes of it: attendance (C-7), assessment (C-8), credits
 * (C-5, C-6, C-14), the teacher's ledger and cycle audit (C-13), evaluations (C-10) and
 * institution performance (C-11, C-12).
 */
export const deliveryResolvers: Function[] = [
  AttendanceResolver, AssessmentResolver, CreditsResolver, CycleAuditResolver, EvaluationResolver, InstitutionPerformanceResolver,
];
