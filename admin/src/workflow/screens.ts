import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Metadata } from '../meta';

/** Review screens beyond the generated CRUD; each shows when the role may call its mutations. */
export interface WorkflowScreen {
  path: string;
  titleKey: string;
  visible: (m: Metadata) => boolean;
  component: LazyExoticComponent<ComponentType>;
}

export const workflowScreens: WorkflowScreen[] = [];
void lazy;
