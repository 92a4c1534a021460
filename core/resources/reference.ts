import { ID } from 'type-graphql';
import { scopeBy } from '../auth/scope.js';
import { InstitutionKind, ProjectLevel, QualificationStatus, RegionLevel } from '../entities/enums.js';
import { Cycle, Expert, Institution, Qualification, Region } from '../entities/index.js';
import type { ResourceConfig } from '../graphql/resource.js';

/** Reference data every logged-in user may read: regions, institutions, qualifications, experts, cycles. */
const everyone = scopeBy({ public: true });

export const regionResource: ResourceConfig<Region> = {
  entity: Region, name: 'Region', plural: 'Regions', labelZh: '行政区划',
  search: ['name', 'id'],
  filters: { parentId: { type: () => ID }, level: { type: () => RegionLevel }, within: { type: () => ID, kind: 'region', column: 'id' } },
  scope: everyone,
  relations: { parent: { type: () => Region, key: 'parentId' } },
  defaultSort: { field: 'id', order: 'ASC' },
};

export const institutionResource: ResourceConfig<Institution> = {
  entity: Institution, name: 'Institution', plural: 'Institutions', labelZh: '机构',
  search: ['name', 'code'],
  filters: { regionId: { type: () => ID, kind: 'region' }, kind: { type: () => InstitutionKind }, parentId: { type: () => ID } },
  scope: everyone,
  relations: { region: { type: () => Region, key: 'regionId' }, parent: { type: () => Institution, key: 'parentId' } },
  children: { qualifications: { type: () => Qualification, foreignKey: 'institutionId' } },
  defaultSort: { field: 'name', order: 'ASC' },
};

export const qualificationResource: ResourceConfig<Qualification> = {
  entity: Qualification, name: 'Qualification', plural: 'Qualifications', labelZh: '培训资质',
  filters: { institutionId: { type: () => ID }, level: { type: () => ProjectLevel }, status: { type: () => QualificationStatus }, subject: { type: () => String } },
  scope: everyone,
  relations: { institution: { type: () => Institution, key: 'institutionId' } },
};

export const expertResource: ResourceConfig<Expert> = {
  entity: Expert, name: 'Expert', plural: 'Experts', labelZh: '专家',
  search: ['name'],
  filters: { regionId: { type: () => ID, kind: 'region' }, employerId: { type: () => ID }, subject: { type: () => String } },
  scope: everyone,
  relations: { employer: { type: () => Institution, key: 'employerId' } },
  defaultSort: { field: 'name', order: 'ASC' },
};

export const cycleResource: ResourceConfig<Cycle> = {
  entity: Cycle, name: 'Cycle', plural: 'Cycles', labelZh: '继续教育周期',
  scope: everyone,
  defaultSort: { field: 'startYear', order: 'DESC' },
};
