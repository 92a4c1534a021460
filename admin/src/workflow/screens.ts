import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Metadata } from '../meta';

/** Review screens beyond the generated CRUD; each shows when the role may call its operations (permission table). */
export interface WorkflowScreen {
  path: string;
  titleKey: string;
  visible: (m: Metadata) => boolean;
  component: LazyExoticComponent<ComponentType>;
}

export const workflowScreens: WorkflowScreen[] = [
  {
    path: 'review/projects',
    titleKey: 'app.workflow.projects',
    visible: (m) => m.operations.has('approveProject') && !!m.byName.Project,
    component: lazy(() => import('./ProjectReview')),
  },
  {
    path: 'review/selections',
    titleKey: 'app.workflow.selections',
    visible: (m) => m.operations.has('reviewSelections') && !!m.byName.Enrollment,
    component: lazy(() => import('./SelectionReview')),
  },
  {
    path: 'transcript',
    titleKey: 'app.workflow.transcript',
    visible: (m) => m.operations.has('teacherLedger') && !!m.byName.Teacher && !!m.byName.Cycle,
    component: lazy(() => import('./Transcript')),
  },
];
