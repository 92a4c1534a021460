import { ID } from 'type-graphql';
import { scopeBy } from '../../core/auth/scope.js';
import { Teacher } from '../../core/entities/index.js';
import type { ResourceConfig } from '../../core/graphql/resource.js';
import { ZjCreditException, ZjPeriod, ZjSchoolPlan } from './entities/index.js';

/**
 * Read-only resources over the plugin's tables (allZjPeriods, ZjPeriod(id), …); they are
 * written through the plugin's forms, which check the rules.
 */
export const periodResource: ResourceConfig<ZjPeriod> = {
  entity: ZjPeriod, name: 'ZjPeriod', plural: 'ZjPeriods', labelZh: '半年度培训周期',
  search: ['name', 'code'],
  filters: { regionId: { type: () => ID }, code: { type: () => String }, runFrom: { type: () => String, kind: 'range' } },
  // The timeline is public to everyone logged in: teachers need the selection windows.
  scope: scopeBy({ public: true }),
  defaultSort: { field: 'runFrom', order: 'DESC' },
};

const teacherRows = scopeBy({ region: 'regionId', school: 'schoolId', teacher: 'teacherId' });

export const schoolPlanResource: ResourceConfig<ZjSchoolPlan> = {
  entity: ZjSchoolPlan, name: 'ZjSchoolPlan', plural: 'ZjSchoolPlans', labelZh: '学校培训规划',
  filters: { teacherId: { type: () => ID }, schoolId: { type: () => ID }, projectId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' } },
  scope: teacherRows,
  relations: { teacher: { type: () => Teacher, key: 'teacherId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const creditExceptionResource: ResourceConfig<ZjCreditException> = {
  entity: ZjCreditException, name: 'ZjCreditException', plural: 'ZjCreditExceptions', labelZh: '无资质机构参训审批',
  search: ['institutionName', 'trainingName'],
  filters: { teacherId: { type: () => ID }, schoolId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' } },
  scope: teacherRows,
  relations: { teacher: { type: () => Teacher, key: 'teacherId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const zhejiangResources = [periodResource, schoolPlanResource, creditExceptionResource];
