// ZJ-1, ZJ-2, ZJ-9 (selection rounds) and ZJ-10 (003 §二(一), §五(三)): selections.
import type { EntityManager } from 'typeorm';
import type { ReviewStepName, RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import { Enrollment, Project, TrainingClass } from '../../../core/entities/index.js';
import type { ZjPeriod } from '../entities/period.js';
import { ZjSchoolPlan } from '../entities/school-plan.js';
import type { ZhejiangOptions } from '../options.js';
import { chinaDay, inZhejiang, violation } from '../util.js';
import { followsPeriod, outsideWindow, periodsRunning, pickPeriod, projectPeriod, window } from './period.js';

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

type SelectionInput = { classId: number; teacherId: number; round: number; now: Date; class?: TrainingClass; project?: Project };

async function projectOf(em: EntityManager, input: SelectionInput): Promise<Project | null> {
  if (input.project) return input.project;
  const cls = input.class ?? (await em.getRepository(TrainingClass).findOneBy({ id: input.classId }));
  return cls ? em.getRepository(Project).findOneByOrFail({ id: cls.projectId }) : null;
}

/** Round-1 selections of each teacher in a period's run window (ZJ-10: round 2 needs one). */
async function roundOneSelections(em: EntityManager, teacherIds: number[], period: ZjPeriod): Promise<Map<number, number>> {
  if (!teacherIds.length) return new Map();
  const rows: { t: number | string; n: number | string }[] = await em
    .getRepository(Enrollment)
    .createQueryBuilder('e')
    .select('e.teacherId', 't')
    .addSelect('COUNT(*)', 'n')
    .innerJoin(TrainingClass, 'c', 'c.id = e.classId')
    .innerJoin(Project, 'p', 'p.id = c.projectId')
    .where('e.teacherId IN (:...t) AND e.round = 1 AND p.startDate >= :from AND p.startDate <= :to', { t: teacherIds, from: period.runFrom, to: period.runTo })
    .groupBy('e.teacherId')
    .getRawMany();
  return new Map(rows.map((r) => [Number(r.t), Number(r.n)]));
}

/** What ZJ-9/ZJ-10 say of one selection, given its project's period and the teacher's round-1 count. */
function roundViolations(input: SelectionInput, period: ZjPeriod, roundOne: number): Violation[] {
  const out: Violation[] = outsideWindow(period, window(period, input.round === 1 ? 'round1' : 'round2'), chinaDay(input.now), 'round');
  if (input.round === 2 && roundOne === 0)
    out.push(violation('ZJ-10', `第一轮未选课的教师不能参加第二轮补报选课（${period.name}第一轮选课 0 门）`,
      `a teacher who did not select in round 1 cannot take part in round 2 (${period.name}: 0 round-1 selections)`, 1, 0, 'round'));
  return out;
}

const badRound = (round: number) =>
  violation('ZJ-10', `教师自主选课分两轮进行（实际 第 ${round} 轮）`, `selection runs in two rounds (got round ${round})`, 2, round, 'round');

/**
 * ZJ-9 and ZJ-10 at 'selection.create': selection happens in two rounds, each in its window;
 * a teacher who did not select in round 1 (of the same period) cannot take part in round 2
 * ("第一轮未选课的教师不能参加第二轮补报选课"). Any round-1 selection counts, also one
 * later withdrawn or rejected.
 */
export const selectionRound: RuleCheck<'selection.create', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await projectOf(em, input);
  if (!project || !inZhejiang(project.regionId) || !followsPeriod(project, options)) return [];
  if (input.round !== 1 && input.round !== 2) return [badRound(input.round)];
  const period = await projectPeriod(em, project);
  if (!period) return [];
  const roundOne = input.round === 2 ? ((await roundOneSelections(em, [input.teacherId], period)).get(input.teacherId) ?? 0) : 1;
  return roundViolations(input, period, roundOne);
};

/** The same for a batch of selections (a selection rush): one period lookup per start date, one count per period. */
selectionRound.batch = async ({ inputs, em, options }) => {
  const running = new Map<string, Promise<ZjPeriod[]>>();
  const found = await Promise.all(inputs.map(async (input) => {
    const project = await projectOf(em, input);
    if (!project || !inZhejiang(project.regionId) || !followsPeriod(project, options)) return null;
    if (input.round !== 1 && input.round !== 2) return { input, bad: true as const };
    if (!project.startDate) return { input, bad: false as const, period: null };
    let periods = running.get(project.startDate);
    if (!periods) running.set(project.startDate, (periods = periodsRunning(em, project.startDate)));
    return { input, bad: false as const, period: pickPeriod(await periods, project.regionId) };
  }));
  const roundTwo = new Map<ZjPeriod, number[]>();
  for (const f of found) if (f && !f.bad && f.period && f.input.round === 2) roundTwo.set(f.period, [...(roundTwo.get(f.period) ?? []), f.input.teacherId]);
  const counts = new Map<ZjPeriod, Map<number, number>>();
  for (const [period, teachers] of roundTwo) counts.set(period, await roundOneSelections(em, teachers, period));
  return found.map((f) => {
    if (!f) return [];
    if (f.bad) return [badRound(f.input.round)];
    if (!f.period) return [];
    return roundViolations(f.input, f.period, f.input.round === 2 ? (counts.get(f.period)?.get(f.input.teacherId) ?? 0) : 1);
  });
};

const noPlan = (min: number, credits: number) =>
  violation('ZJ-1', `${min}学分及以上培训须经学校统筹规划后方可选课（实际 ${credits} 学分，学校未规划）`,
    `a training of ${min} credits or more needs the school's planning first (${credits} credits, no school plan)`, 'school plan', 'none', 'classId');

/**
 * ZJ-1 ("尤其要加强教师90学分及以上培训的统筹规划和指导"): a teacher selects a training of
 * `selection.planCredits` or more only with the school's plan (ZjSchoolPlan, form
 * zhejiang.schoolPlan) for that project or for any such training. A school's nomination is
 * the school's planning itself.
 */
export const schoolPlanning: RuleCheck<'selection.create', ZhejiangOptions> = async ({ input, em, options, actor }) => {
  if (actor.role === 'school') return [];
  const project = await projectOf(em, input);
  const min = options.selection.planCredits;
  if (!project || Number(project.credits) < min) return [];
  const plan = await em
    .getRepository(ZjSchoolPlan)
    .createQueryBuilder('s')
    .where('s.teacherId = :t AND (s.projectId = :p OR s.projectId IS NULL)', { t: input.teacherId, p: project.id })
    .getCount();
  return plan ? [] : [noPlan(min, Number(project.credits))];
};

/** The same for a batch: the plans of every teacher who selects such a training, in one query. */
schoolPlanning.batch = async ({ inputs, actors, em, options }) => {
  const min = options.selection.planCredits;
  const need = await Promise.all(inputs.map(async (input, i) => {
    if (actors[i]!.role === 'school') return null;
    const project = await projectOf(em, input);
    return project && Number(project.credits) >= min ? { teacherId: input.teacherId, project } : null;
  }));
  const teachers = [...new Set(need.flatMap((n) => (n ? [n.teacherId] : [])))];
  const plans = teachers.length
    ? await em.getRepository(ZjSchoolPlan).createQueryBuilder('s').select(['s.teacherId', 's.projectId']).where('s.teacherId IN (:...t)', { t: teachers }).getMany()
    : [];
  return need.map((n) => {
    if (!n) return [];
    const planned = plans.some((p) => p.teacherId === n.teacherId && (p.projectId === null || p.projectId === n.project.id));
    return planned ? [] : [noPlan(min, Number(n.project.credits))];
  });
};
