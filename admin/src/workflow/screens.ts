import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Metadata } from '../meta';
import { mayImportTeachers, mayReadTranscript, mayRunClasses } from './extensions';

/**
 * Screens beyond the generated CRUD; each shows when the role may call its operations
 * (permission table). Without `group` a screen is listed under 业务办理 in the menu; with one
 * (`plugin:<name>`) it is listed in that plugin's section, with the plugin's resources and forms.
 */
export interface WorkflowScreen {
  path: string;
  titleKey: string;
  group?: string;
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
    path: 'delivery',
    titleKey: 'app.delivery.title',
    visible: mayRunClasses,
    component: lazy(() => import('./delivery/ClassDelivery')),
  },
  {
    path: 'import/teachers',
    titleKey: 'app.import.title',
    visible: mayImportTeachers,
    component: lazy(() => import('./TeacherImport')),
  },
  {
    path: 'transcript',
    titleKey: 'app.workflow.transcript',
    visible: mayReadTranscript,
    component: lazy(() => import('./Transcript')),
  },
  {
    path: 'chongqing/stipends',
    titleKey: 'app.cq.stipend_title',
    group: 'plugin:chongqing',
    visible: (m) => m.operations.has('cqBackboneStipendLedger'),
    component: lazy(() => import('./plugins/CqStipendLedger')),
  },
  {
    path: 'zhejiang/periods',
    titleKey: 'app.zj.timeline_title',
    group: 'plugin:zhejiang',
    visible: (m) => m.operations.has('allZjPeriods'),
    component: lazy(() => import('./plugins/ZjPeriodTimeline')),
  },
];
