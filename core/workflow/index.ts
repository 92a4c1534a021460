/** Workflow mutations of the training life cycle (project, class, selection, attendance, credits). */
export const coreWorkflowResolvers: Function[] = [];
