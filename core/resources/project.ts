import { ID } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { scopeVia, type ScopeFn } from '../auth/scope.js';
import { regionLike } from '../db/region-scope.js';
import { ProjectLevel, ProjectStatus, Stage } from '../entities/enums.js';
import { BudgetItem, CurriculumItem, Expert, FeeItem, Institution, Project, ProjectExpert, ProjectTransition, Region } from '../entities/index.js';
import type { ResourceConfig } from '../graphql/resource.js';

/**
 * Who sees a project: the declaring institution always; a bureau once it is submitted in
 * its region; schools and teachers once published (the catalogue); an expert when named in it.
 */
export const projectScope: ScopeFn = (qb: SelectQueryBuilder<ObjectLiteral>, actor: Actor, r = 'r') => {
  switch (actor.role) {
    case 'platform':
      return;
    case 'bureau':
      qb.andWhere(`${r}.regionId LIKE :scopeRegion AND ${r}.status <> 'draft'`, { scopeRegion: regionLike(actor.regionId ?? '-') });
      return;
    case 'institution':
      qb.andWhere(`${r}.institutionId = :scopeInst`, { scopeInst: actor.institutionId ?? -1 });
      return;
    case 'school':
    case 'teacher':
      qb.andWhere(`${r}.status IN ('published', 'closed')`);
      return;
    case 'expert':
      qb.andWhere(`${r}.id IN (SELECT pe.projectId FROM project_expert pe WHERE pe.expertId = :scopeExpert)`, { scopeExpert: actor.expertId ?? -1 });
      return;
  }
};

export const projectResource: ResourceConfig<Project> = {
  entity: Project, name: 'Project', plural: 'Projects', labelZh: '培训项目',
  search: ['name'],
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    institutionId: { type: () => ID },
    status: { type: () => ProjectStatus },
    level: { type: () => ProjectLevel },
    subject: { type: () => String },
    stage: { type: () => Stage },
    category: { type: () => String },
    startDate: { type: () => String, kind: 'range' },
  },
  scope: projectScope,
  relations: {
    institution: { type: () => Institution, key: 'institutionId' },
    region: { type: () => Region, key: 'regionId' },
    lead: { type: () => Expert, key: 'leadExpertId' },
  },
  children: {
    curriculum: { type: () => CurriculumItem, foreignKey: 'projectId', orderBy: 'seq' },
    budgetItems: { type: () => BudgetItem, foreignKey: 'projectId' },
    feeItems: { type: () => FeeItem, foreignKey: 'projectId' },
    experts: { type: () => ProjectExpert, foreignKey: 'projectId' },
    transitions: { type: () => ProjectTransition, foreignKey: 'projectId' },
  },
  defaultSort: { field: 'id', order: 'DESC' },
};

const viaProject = scopeVia('projectId', () => projectResource);

export const curriculumItemResource: ResourceConfig<CurriculumItem> = {
  entity: CurriculumItem, name: 'CurriculumItem', plural: 'CurriculumItems', labelZh: '课程',
  filters: { projectId: { type: () => ID } }, scope: viaProject, defaultSort: { field: 'seq', order: 'ASC' },
  relations: { trainer: { type: () => Expert, key: 'trainerExpertId' } },
};
export const budgetItemResource: ResourceConfig<BudgetItem> = {
  entity: BudgetItem, name: 'BudgetItem', plural: 'BudgetItems', labelZh: '预算项', filters: { projectId: { type: () => ID } }, scope: viaProject,
};
export const feeItemResource: ResourceConfig<FeeItem> = {
  entity: FeeItem, name: 'FeeItem', plural: 'FeeItems', labelZh: '收费项', filters: { projectId: { type: () => ID } }, scope: viaProject,
};
export const projectExpertResource: ResourceConfig<ProjectExpert> = {
  entity: ProjectExpert, name: 'ProjectExpert', plural: 'ProjectExperts', labelZh: '项目专家',
  filters: { projectId: { type: () => ID }, expertId: { type: () => ID } }, scope: viaProject,
  relations: { expert: { type: () => Expert, key: 'expertId' } },
};
export const projectTransitionResource: ResourceConfig<ProjectTransition> = {
  entity: ProjectTransition, name: 'ProjectTransition', plural: 'ProjectTransitions', labelZh: '项目状态记录',
  filters: { projectId: { type: () => ID } }, scope: viaProject,
};
