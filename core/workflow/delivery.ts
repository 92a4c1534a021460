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

/**
 * Who may attempt each delivery operation (scope then narrows it in SQL); for the
 * permission table in core/auth/permissions.ts.
 */
export const deliveryPermissions: Record<string, 'public' | 'authenticated' | readonly ('platform' | 'bureau' | 'school' | 'institution' | 'expert' | 'teacher')[]> = {
  recordAttendance: ['platform', 'institution'],
  attendanceSummary: 'authenticated',
  recordAssessment: ['platform', 'institution'],
  grantClassCredits: ['platform', 'institution', 'bureau'],
  registerExternalCredits: ['platform', 'school', 'bureau'],
  correctCreditRecord: ['platform', 'school', 'bureau'],
  teacherLedger: ['platform', 'teacher', 'school', 'bureau'],
  runCycleAudit: ['platform', 'school', 'bureau'],
  submitEvaluation: ['teacher'],
  satisfactionSummary: 'authenticated',
  evaluateInstitutionPerformance: ['platform', 'bureau'],
  decideQualificationAction: ['platform', 'bureau'],
};
