import { TeacherCreditsResolver } from '../resources/teacher-credits.js';
import { ClassScheduleResolver } from './class-schedule.js';
import { CycleAuditFindingsResolver } from './cycle-audit-findings.js';
import { RegionCycleAuditResolver } from './cycle-audit-region.js';
import { deliveryResolvers } from './delivery.js';
import { ProjectChangeResolver } from './project-change.js';
import { ProjectWorkflowResolver } from './project.js';
import { SelectionResolver } from './selection.js';

/** Workflow mutations of the training life cycle (project, class, selection, attendance, credits). */
export const coreWorkflowResolvers: Function[] = [
  ProjectWorkflowResolver, ProjectChangeResolver, ClassScheduleResolver,
  SelectionResolver,
  ...deliveryResolvers,
  RegionCycleAuditResolver, CycleAuditFindingsResolver, TeacherCreditsResolver,
];
