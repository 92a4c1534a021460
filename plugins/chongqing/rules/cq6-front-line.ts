import { In } from 'typeorm';
import { CurriculumItem, Expert, ProjectExpert } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { num, pct, round2 } from './format.js';

/**
 * CQ-6 (000 §(十六) "培训者团队中一线优秀教师所占比例不少于50%"): the project's trainers are the
 * experts named with ProjectExpert.role 'trainer' and every CurriculumItem.trainerExpertId, each
 * person once; at least `minFrontLineShare` of them are front-line teachers (Expert.frontLine).
 * A project naming no trainer is left to C-16. limit = front-line trainers needed, actual = named.
 */
export function frontLineViolations(trainers: { id: number; frontLine: boolean }[], minShare: number): Violation[] {
  if (!trainers.length) return [];
  const front = trainers.filter((t) => t.frontLine).length;
  const needed = round2(trainers.length * minShare);
  if (front >= needed) return [];
  return [{
    rule: 'CQ-6',
    messageZh: `培训者团队中一线优秀教师不少于${pct(minShare)}（实际 ${front} < ${num(needed)} = ${pct(minShare)} × ${trainers.length} 人）`,
    messageEn: `front-line trainers ${front} < ${num(needed)} = ${pct(minShare)} of ${trainers.length}`,
    limit: needed,
    actual: front,
    field: 'experts',
  }];
}

/** The distinct trainer ids of a project (ProjectExpert 'trainer' and course trainers). */
export function trainerIds(experts: { expertId: number; role: string }[], courses: { trainerExpertId: number | null }[]): number[] {
  return [...new Set([
    ...experts.filter((e) => e.role === 'trainer').map((e) => Number(e.expertId)),
    ...courses.map((c) => c.trainerExpertId).filter((id): id is number => id !== null && id !== undefined).map(Number),
  ])];
}

export const cq6FrontLine: RuleCheck<'project.submit', ChongqingOptions> = async ({ input, em, options }) => {
  const experts = await em.getRepository(ProjectExpert).find({ where: { projectId: input.projectId } });
  const courses = await em.getRepository(CurriculumItem).find({ where: { projectId: input.projectId }, select: { id: true, trainerExpertId: true } });
  const ids = trainerIds(experts, courses);
  if (!ids.length) return [];
  const found = await em.getRepository(Expert).find({ where: { id: In(ids) }, select: { id: true, frontLine: true } });
  // A trainer not in the expert database (C-16 reports it) counts as not front-line.
  const byId = new Map(found.map((e) => [Number(e.id), e.frontLine]));
  return frontLineViolations(ids.map((id) => ({ id, frontLine: byId.get(id) === true })), options.minFrontLineShare);
};
