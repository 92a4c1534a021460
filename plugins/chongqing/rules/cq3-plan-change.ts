import { ProjectChange, ProjectChangeStatus } from '../../../core/entities/project-change.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { trainerIds } from './cq6-front-line.js';
import { num, pct, round2 } from './format.js';

/**
 * CQ-3 (000 §(三) "实施方案的课程内容与师资调整不得超过招投标申报方案的20%"), at 'project.change'
 * (core/workflow/project-change.ts calls it when the bureau approves a C-15 change, with the
 * plan snapshots `before` and `after` of `planSnapshot`):
 *   curriculum: [{ id, seq, title, hours, kind, tags, trainerExpertId }]   (kept courses keep their id)
 *   experts:    [{ expertId, role }]                                      (role expert | trainer | mentor)
 *
 * The baseline is the declared plan: the `before` of the project's first approved change
 * (the plan as published), else this change's `before`; so successive small changes add up.
 * Against it:
 * - courses changed = courses whose title, hours or kind differ + max(dropped, added)
 *   (dropping one course and adding another is one adjustment, not two);
 * - trainers changed = max(trainers gone, trainers new), trainers being ProjectExpert
 *   'trainer' rows and course trainers, as in CQ-6.
 * Each may be at most `maxPlanChangeShare` of the baseline's count; a violation per part.
 */
export interface PlanCourse { id?: number; title?: string; hours?: number; kind?: string; trainerExpertId?: number | null }
export interface Plan { curriculum?: PlanCourse[]; experts?: { expertId: number; role: string }[] }

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function courseChanges(base: Plan, after: Plan): { baseline: number; changed: number } {
  const before = list<PlanCourse>(base.curriculum);
  const now = list<PlanCourse>(after.curriculum);
  const byId = new Map(now.filter((c) => c.id !== undefined).map((c) => [Number(c.id), c]));
  let modified = 0;
  let dropped = 0;
  const kept = new Set<number>();
  for (const c of before) {
    const n = c.id === undefined ? undefined : byId.get(Number(c.id));
    if (!n) {
      dropped++;
      continue;
    }
    kept.add(Number(c.id));
    if ((n.title ?? '').trim() !== (c.title ?? '').trim() || Number(n.hours) !== Number(c.hours) || n.kind !== c.kind) modified++;
  }
  const added = now.filter((c) => c.id === undefined || !kept.has(Number(c.id))).length;
  return { baseline: before.length, changed: modified + Math.max(dropped, added) };
}

export function trainerChanges(base: Plan, after: Plan): { baseline: number; changed: number } {
  const before = new Set(trainerIds(list<{ expertId: number; role: string }>(base.experts), list<PlanCourse>(base.curriculum).map((c) => ({ trainerExpertId: c.trainerExpertId ?? null }))));
  const now = new Set(trainerIds(list<{ expertId: number; role: string }>(after.experts), list<PlanCourse>(after.curriculum).map((c) => ({ trainerExpertId: c.trainerExpertId ?? null }))));
  const gone = [...before].filter((id) => !now.has(id)).length;
  const added = [...now].filter((id) => !before.has(id)).length;
  return { baseline: before.size, changed: Math.max(gone, added) };
}

export function planChangeViolations(base: Plan, after: Plan, maxShare: number): Violation[] {
  const out: Violation[] = [];
  const parts = [
    ['课程', 'courses', '门', courseChanges(base, after), 'curriculum'],
    ['师资', 'trainers', '人', trainerChanges(base, after), 'experts'],
  ] as const;
  for (const [zh, en, unit, { baseline, changed }, field] of parts) {
    if (!baseline) continue;
    const allowed = round2(baseline * maxShare);
    if (changed <= allowed) continue;
    out.push({
      rule: 'CQ-3',
      messageZh: `实施方案的${zh}调整不得超过申报方案的${pct(maxShare)}（实际 ${changed} ${unit} > ${num(allowed)} = ${pct(maxShare)} × ${baseline}）`,
      messageEn: `${en} changed ${changed} > ${num(allowed)} = ${pct(maxShare)} of the declared ${baseline}`,
      limit: allowed,
      actual: changed,
      field,
    });
  }
  return out;
}

export const cq3PlanChange: RuleCheck<'project.change', ChongqingOptions> = async ({ input, em, options }) => {
  const first = await em.getRepository(ProjectChange).findOne({
    where: { projectId: input.projectId, status: ProjectChangeStatus.approved },
    order: { id: 'ASC' },
  });
  let base: Plan = input.before as Plan;
  if (first?.before) {
    try {
      base = JSON.parse(first.before) as Plan;
    } catch {
      /* an unreadable record: compare with this change's before */
    }
  }
  return planChangeViolations(base, input.after as Plan, options.maxPlanChangeShare);
};
