import type { Actor } from '../../../core/auth/actor.js';
import { scopeBy } from '../../../core/auth/scope.js';
import { inRegion } from '../../../core/db/region-scope.js';
import { Teacher } from '../../../core/entities/index.js';
import { forbidden } from '../../../core/graphql/errors.js';
import type { ResourceConfig } from '../../../core/graphql/resource.js';
import type { Context } from '../../../core/graphql/context.js';
import { AppError } from '../../../core/graphql/errors.js';
import { CQ_REGION, defaults, PLUGIN, type ChongqingOptions } from '../options.js';

/**
 * Who is who in the backbone workflow:
 * - the municipal bureau (重庆市教委): a bureau whose scope is 500000 (platform acts as it too);
 * - a district bureau (区县教委): a bureau whose scope is a district inside 500000, for records
 *   of its district;
 * - a school admin: for its own teachers.
 * Scope (what each may read) is SQL, from the scopes below.
 */
export const isMunicipal = (a: Actor) => a.role === 'platform' || (a.role === 'bureau' && a.regionId === CQ_REGION);

export const isDistrictFor = (a: Actor, regionId: string) =>
  a.role === 'platform' || (a.role === 'bureau' && !!a.regionId && a.regionId !== CQ_REGION && inRegion(regionId, a.regionId));

export const isSchoolOf = (a: Actor, schoolId: number) =>
  a.role === 'platform' || (a.role === 'school' && Number(a.institutionId) === Number(schoolId));

export function requireMunicipal(a: Actor): void {
  if (!isMunicipal(a)) throw forbidden('只有重庆市教育委员会可以办理', 'Only the Chongqing municipal education commission may do this');
}

/** The plugin's resolved options from the request context (defaults when not enabled, which cannot happen in its own resolvers). */
export function optionsOf(ctx: Context): ChongqingOptions {
  return (ctx.plugins.get<ChongqingOptions>(PLUGIN)?.options ?? defaults) as ChongqingOptions;
}

export const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}) => new AppError('CONFLICT', zh, en, extra);

/** Reads of backbone records: bureaus by region, schools their teachers', teachers their own. */
export const backboneScope = scopeBy({ region: 'regionId', school: 'schoolId', teacher: 'teacherId' });

/** Teachers as the backbone workflow loads them (the core Teacher resource's scope, minus institutions). */
export const teacherLookup: ResourceConfig<Teacher> = {
  entity: Teacher,
  name: 'Teacher',
  plural: 'Teachers',
  labelZh: '教师',
  scope: scopeBy({ region: 'regionId', school: 'schoolId', teacher: 'id' }),
};

export const LEVEL_ZH: Record<string, string> = { national: '国家级', municipal: '市级' };
export const LEVELS = ['national', 'municipal'] as const;
export type BackboneLevelName = (typeof LEVELS)[number];
