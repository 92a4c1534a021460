import type { EntityManager } from 'typeorm';
import { inRegion } from '../../core/db/region-scope.js';
import { ProjectStatus } from '../../core/entities/enums.js';
import { Region, type Project } from '../../core/entities/index.js';
import type { Violation } from '../../core/plugin-host/types.js';

/** The province the plugin governs (GB/T 2260). */
export const ZJ_REGION = '330000';

/** Today's date in China (UTC+8) as YYYY-MM-DD: windows and deadlines are Beijing dates. */
export function chinaDay(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** A violation of a Zhejiang/Yuhang rule; zh and en messages carry the limit and the actual value. */
export function violation(
  rule: string,
  messageZh: string,
  messageEn: string,
  limit: number | string | null,
  actual: number | string | null,
  field?: string,
): Violation {
  return { rule, messageZh, messageEn, limit, actual, ...(field ? { field } : {}) };
}

/**
 * A project's reach is its regionId (core: "the region the project serves"). Province-wide
 * (面向全省, ZJ-3, ZJ-8) means the reach is the whole province: regionId 330000.
 */
export const isProvinceWide = (p: Pick<Project, 'regionId'>) => p.regionId === ZJ_REGION;

/** Statuses in which a project counts as declared (ZJ-4, ZJ-8): submitted and everything after, not drafts or rejected. */
export const DECLARED: ProjectStatus[] = [ProjectStatus.submitted, ProjectStatus.approved, ProjectStatus.published, ProjectStatus.closed];

/** A project is being declared (not re-checked after publication by a C-15 change). */
export const isBeingDeclared = (p: Pick<Project, 'status'>) => p.status === ProjectStatus.draft || p.status === ProjectStatus.rejected;

export const inZhejiang = (regionId: string | null | undefined) => inRegion(regionId, ZJ_REGION);

/** A region's name, or its code when unknown. */
export async function regionName(em: EntityManager, id: string): Promise<string> {
  const r = await em.getRepository(Region).findOneBy({ id });
  return r?.name ?? id;
}

/** Level of a region code: province (xx0000), city (xxxx00) or county. */
export function codeLevel(code: string): 'province' | 'city' | 'district' {
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'district';
}

export const LEVEL_ZH = { province: '省级', city: '市级', district: '县级' } as const;

/** '1/4' for denominator 4. */
export const fraction = (n: number) => `1/${n}`;
