import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Project } from '../entities/index.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { Violation } from '../plugin-host/types.js';
import { checkQualification } from './c5-qualification.js';
import { checkFinalAssessment } from './c9-final-assessment.js';
import { checkExpertDatabase } from './c16-expert-database.js';
import { checkCompleteness } from './project-completeness.js';

/**
 * Every check a project must pass to be submitted, all collected at once: completeness
 * (C-1 and COMPLETENESS), C-9, C-16, C-5, then the plugin rules at 'project.submit' for
 * plugins governing the project's region. Used by submitProject (refusal), validateProject
 * (the dry run) and an approved C-15 change (re-check of the changed plan). Reads only.
 */
export async function checkProjectSubmission(em: EntityManager, project: Project, plugins: PluginRuntime, actor: Actor): Promise<Violation[]> {
  return [
    ...(await checkCompleteness(em, project)),
    ...checkFinalAssessment(project),
    ...(await checkExpertDatabase(em, project)),
    ...(await checkQualification(em, project)),
    ...(await plugins.check('project.submit', { projectId: project.id }, project.regionId, em, actor)),
  ];
}
