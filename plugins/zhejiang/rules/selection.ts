// ZJ-1, ZJ-2, ZJ-9 (selection rounds) and ZJ-10 (003 §二(一), §五(三)): selections.
import type { ReviewStepName, RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import { Enrollment, Project, TrainingClass } from '../../../core/entities/index.js';
import { ZjSchoolPlan } from '../entities/school-plan.js';
import type { ZhejiangOptions } from '../options.js';
import { chinaDay, inZhejiang, violation } from '../util.js';
import { followsPeriod, outsideWindow, projectPeriod, window } from './period.js';

/**
 * ZJ-2 ("各中小学校要把对本校教师选课的审核作为必备程序"): the school review is always the
 * first step. ZJ-10 ("包括自主选课、学校审核，以及培训机构复核三个环节"): then the institution
 * recheck; the district step C-3 adds for national/provincial/municipal levels is dropped
 * unless `selection.districtReview` keeps it.
 */
export function zhejiangSteps(steps: ReviewStepName[], ctx: { options: ZhejiangOptions }): ReviewStepName[] {
  let out = steps.filter((s) => s !== 'school');
  if (!ctx.options.selection.districtReview) out = out.filter((s) => s !== 'district');
  if (!out.includes('institution')) out.push('institution');
  return ['school', ...out];
}

/**
 * ZJ-9 and ZJ-10 at 'selection.create': selection happens in two rounds, each in its window;
 * a teacher who did not select in round 1 (of the same period) cannot take part in round 2
 * ("第一轮未选课的教师不能参加第二轮补报选课"). Any round-1 selection counts, also one
 * later withdrawn or rejected.
 */
export const selectionRound: RuleCheck<'selection.create', ZhejiangOptions> = async ({ input, em, options }) => {
  const cls = input.class ?? (await em.getRepository(TrainingClass).findOneBy({ id: input.classId }));
  if (!cls) return [];
  const project = input.project ?? (await em.getRepository(Project).findOneByOrFail({ id: cls.projectId }));
  if (!inZhejiang(project.regionId) || !followsPeriod(project, options)) return [];
  if (input.round !== 1 && input.round !== 2)
    return [violation('ZJ-10', `教师自主选课分两轮进行（实际 第 ${input.round} 轮）`, `selection runs in two rounds (got round ${input.round})`, 2, input.round, 'round')];
  const period = await projectPeriod(em, project);
  if (!period) return [];
  const out: Violation[] = outsideWindow(period, window(period, input.round === 1 ? 'round1' : 'round2'), chinaDay(input.now), 'round');
  if (input.round === 2) {
    const n = await em
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(TrainingClass, 'c', 'c.id = e.classId')
      .innerJoin(Project, 'p', 'p.id = c.projectId')
      .where('e.teacherId = :t AND e.round = 1 AND p.startDate >= :from AND p.startDate <= :to', { t: input.teacherId, from: period.runFrom, to: period.runTo })
      .getCount();
    if (n === 0)
      out.push(violation('ZJ-10', `第一轮未选课的教师不能参加第二轮补报选课（${period.name}第一轮选课 0 门）`,
        `a teacher who did not select in round 1 cannot take part in round 2 (${period.name}: 0 round-1 selections)`, 1, 0, 'round'));
  }
  return out;
};

/**
 * ZJ-1 ("尤其要加强教师90学分及以上培训的统筹规划和指导"): a teacher selects a training of
 * `selection.planCredits` or more only with the school's plan (ZjSchoolPlan, form
 * zhejiang.schoolPlan) for that project or for any such training. A school's nomination is
 * the school's planning itself.
 */
export const schoolPlanning: RuleCheck<'selection.create', ZhejiangOptions> = async ({ input, em, options, actor }) => {
  if (actor.role === 'school') return [];
  const cls = input.class ?? (await em.getRepository(TrainingClass).findOneBy({ id: input.classId }));
  if (!cls) return [];
  const project = input.project ?? (await em.getRepository(Project).findOneByOrFail({ id: cls.projectId }));
  const min = options.selection.planCredits;
  if (Number(project.credits) < min) return [];
  const plan = await em
    .getRepository(ZjSchoolPlan)
    .createQueryBuilder('s')
    .where('s.teacherId = :t AND (s.projectId = :p OR s.projectId IS NULL)', { t: input.teacherId, p: project.id })
    .getCount();
  if (plan) return [];
  return [violation('ZJ-1', `${min}学分及以上培训须经学校统筹规划后方可选课（实际 ${Number(project.credits)} 学分，学校未规划）`,
    `a training of ${min} credits or more needs the school's planning first (${Number(project.credits)} credits, no school plan)`, 'school plan', 'none', 'classId')];
};
