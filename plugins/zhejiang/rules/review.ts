// ZJ-18: a project is reviewed by the bureau whose area is its reach — a county project by
// the county bureau, a cross-county (city-wide) project by the city bureau, a cross-city
// (province-wide) project by the province. Checked at 'project.approve' (approve and reject).
import { Project } from '../../../core/entities/index.js';
import type { RuleCheck } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { codeLevel, LEVEL_ZH, regionName, violation } from '../util.js';

/** The region code whose bureau reviews a project: its reach, as a county, city or province. */
export const reviewingRegion = (p: Pick<Project, 'regionId'>) => p.regionId;

export const reviewingBureau: RuleCheck<'project.approve', ZhejiangOptions> = async ({ input, em, actor }) => {
  if (actor.role !== 'bureau') return [];
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p) return [];
  const want = reviewingRegion(p);
  if (actor.regionId === want) return [];
  const level = codeLevel(want);
  const [wantName, actualName] = [await regionName(em, want), await regionName(em, actor.regionId ?? '-')];
  return [violation('ZJ-18', `该项目面向${wantName}，须由${wantName}${LEVEL_ZH[level]}教育行政部门审核（实际 ${actualName}）`,
    `a project serving ${want} is reviewed by the ${level} bureau of ${want} (reviewer: bureau of ${actor.regionId ?? '-'})`,
    want, actor.regionId ?? null, 'regionId')];
};
