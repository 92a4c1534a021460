// Yuhang's rules at the core's rule points. Each returns violations, never throws.
import { InstitutionKind, ProjectLevel } from '../../core/entities/enums.js';
import { Institution, Project, TrainingClass } from '../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../core/plugin-host/types.js';
import { violation } from '../zhejiang/index.js';
import type { YuhangOptions } from './options.js';

/** YH-2 (002 §三(二)1(1)): a backbone-teacher class (category 骨干教师) has 180 hours. */
export const backboneHours: RuleCheck<'project.submit', YuhangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p || p.category !== options.backboneCategory || Number(p.hours) === options.backboneHours) return [];
  return [violation('YH-2', `骨干教师培训班为 ${options.backboneHours} 学时（实际 ${Number(p.hours)}）`,
    `a backbone-teacher class has ${options.backboneHours} hours (got ${Number(p.hours)})`, options.backboneHours, Number(p.hours), 'hours')];
};

/** YH-2 (002 §三(二)1(2), §四(一)3 "小班化"): classes of trainings of 90 hours or more are small. */
function smallClasses(p: Project, classes: TrainingClass[], o: YuhangOptions): Violation[] {
  if (Number(p.hours) < o.smallClassFromHours) return [];
  return classes
    .filter((c) => c.capacity > o.smallClassCapacity)
    .map((c) => violation('YH-2', `${o.smallClassFromHours}学时及以上培训实行小班化，每班不超过 ${o.smallClassCapacity} 人（「${c.name}」实际 ${c.capacity}）`,
      `trainings of ${o.smallClassFromHours}+ hours run small classes of at most ${o.smallClassCapacity} (${c.name}: ${c.capacity})`,
      o.smallClassCapacity, c.capacity, 'capacity'));
}

export const smallClassesOnSubmit: RuleCheck<'project.submit', YuhangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  return p ? smallClasses(p, await em.getRepository(TrainingClass).findBy({ projectId: p.id }), options) : [];
};

export const smallClassesOnPublish: RuleCheck<'class.publish', YuhangOptions> = async ({ input, em, options }) => {
  const c = await em.getRepository(TrainingClass).findOneBy({ id: input.classId });
  if (!c) return [];
  return smallClasses(await em.getRepository(Project).findOneByOrFail({ id: c.projectId }), [c], options);
};

/**
 * YH-4 (002 §三(二)1(5) "项目方案申报、审核、实施、管理、考核、结业的'项目制'校本培训"): a
 * school-based project (level 'school') goes through the core project flow like any other;
 * it is declared by the school itself and plans its assessment (考核, for 结业).
 */
export const schoolBasedProject: RuleCheck<'project.submit', YuhangOptions> = async ({ input, em }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p || p.level !== ProjectLevel.school) return [];
  const out: Violation[] = [];
  const inst = await em.getRepository(Institution).findOneBy({ id: p.institutionId });
  if (inst?.kind !== InstitutionKind.school)
    out.push(violation('YH-4', `校本培训项目由学校自行申报（实际 ${inst?.name ?? p.institutionId}）`,
      `a school-based project is declared by the school itself (declarer: ${inst?.kind ?? 'unknown'})`, 'school', inst?.kind ?? null, 'institutionId'));
  if (!p.finalAssessment)
    out.push(violation('YH-4', '校本培训项目须明确考核（设结业考核）（实际 未设）', 'a school-based project plans its assessment (finalAssessment is false)', 'true', 'false', 'finalAssessment'));
  return out;
};
