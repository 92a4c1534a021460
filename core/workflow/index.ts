import { ClassScheduleResolver } from './class-schedule.js';
import { deliveryResolvers } from './delivery.js';
import { ProjectChangeResolver } from './project-change.js';
import { ProjectWorkflowResolver } from './project.js';
import { SelectionResolver } from './selection.js';

/** Workflow mutations of the training life cycle (project, class, selection, attendance, credits). */
export const coreWorkflowResolvers: Function[] = [
  ProjectWorkflowResolver, ProjectChangeResolver, ClassScheduleResolver,
  SelectionResolver,
  ...deliveryResolvers,
];
