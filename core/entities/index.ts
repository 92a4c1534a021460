import './enums.js';
import { Assessment } from './assessment.js';
import { AuditEvent } from './audit-event.js';
import { AuditFinding } from './audit-finding.js';
import { RoleBinding } from './role-binding.js';
import { User } from './user.js';
import { Attendance } from './attendance.js';
import { BudgetItem } from './budget-item.js';
import { ClassSession } from './class-session.js';
import { CreditRecord } from './credit-record.js';
import { CurriculumItem } from './curriculum-item.js';
import { Cycle } from './cycle.js';
import { CycleAudit } from './cycle-audit.js';
import { Enrollment } from './enrollment.js';
import { EnrollmentReview } from './enrollment-review.js';
import { Evaluation } from './evaluation.js';
import { Expert } from './expert.js';
import { FeeItem } from './fee-item.js';
import { Institution } from './institution.js';
import { Project } from './project.js';
import { ProjectChange } from './project-change.js';
import { ProjectExpert } from './project-expert.js';
import { ProjectTransition } from './project-transition.js';
import { Qualification } from './qualification.js';
import { QualificationAction } from './qualification-action.js';
import { Region } from './region.js';
import { Teacher } from './teacher.js';
import { TeacherChange } from './teacher-change.js';
import { TrainingClass } from './training-class.js';
import { ImportJob } from '../import/import-job.js';

export {
  AuditEvent, AuditFinding, RoleBinding, User,
  Assessment, Attendance, BudgetItem, ClassSession, CreditRecord, CurriculumItem, Cycle, CycleAudit,
  Enrollment, EnrollmentReview, Evaluation, Expert, FeeItem, Institution, Project, ProjectExpert,
  ProjectTransition, Qualification, QualificationAction, Region, Teacher, TeacherChange, TrainingClass,
};
export { ProjectChange, ImportJob };

export const coreEntities = [
  Region, Institution, Qualification, QualificationAction, Teacher, TeacherChange, Expert, Project,
  ProjectTransition, CurriculumItem, BudgetItem, FeeItem, ProjectExpert, TrainingClass, ClassSession,
  Enrollment, EnrollmentReview, Attendance, Assessment, CreditRecord, Evaluation, Cycle, CycleAudit, AuditFinding,
  ProjectChange, User, RoleBinding, AuditEvent, ImportJob,
];
