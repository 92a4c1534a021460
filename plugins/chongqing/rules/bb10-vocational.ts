import { ProjectLevel, Stage } from '../../../core/entities/enums.js';
import { CurriculumItem, Project } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';
import { monthsBetween } from './dates.js';
import { num, pct } from './format.js';

/**
 * BB-10 (001 part 2 §二(一)2-3): vocational backbone-teacher training.
 *
 * Which projects: stage 'vocational' and a category in `vocational.categories`
 * (default 骨干教师, 中职骨干教师, 职业教育骨干教师).
 *
 * Length ("国家级每期培训时间为2个月，安排各类教学不少于260学时；省级每期培训时间不少于1个月，
 * 安排各类教学不少于130学时"): national projects run ≥ 2 calendar months (startDate..endDate,
 * both days counted) with ≥ 260 hours; provincial and municipal ones (Chongqing is a
 * province-level municipality: 市级 = 省级) ≥ 1 month and ≥ 130 hours. District- and school-level
 * projects have no length rule.
 *
 * Content ("教学理论与方法 20%左右, 专业知识与技能 30%左右, 企业实践活动 50%左右"), as shares of
 * the curriculum's hours, each within ± `vocational.tolerance` (default 5 percentage points) of its
 * target. A course counts as enterprise practice when tagged with one of `enterpriseTags`
 * (default 企业实践), else as professional knowledge when tagged with one of `professionalTags`
 * (default 专业知识与技能), else as teaching theory and method.
 */
export function isVocationalBackbone(p: Pick<Project, 'stage' | 'category'>, o: ChongqingOptions['vocational']): boolean {
  return p.stage === Stage.vocational && o.categories.includes(p.category);
}

export function vocationalViolations(
  project: Pick<Project, 'level' | 'hours' | 'startDate' | 'endDate'>,
  items: { hours: number; tags: string[] }[],
  o: ChongqingOptions['vocational'],
): Violation[] {
  const out: Violation[] = [];
  const minima = project.level === ProjectLevel.national ? o.national
    : project.level === ProjectLevel.provincial || project.level === ProjectLevel.municipal ? o.provincial : null;
  const levelZh = project.level === ProjectLevel.national ? '国家级' : '省级（市级）';
  if (minima) {
    const hours = Number(project.hours);
    if (hours < minima.minHours)
      out.push({
        rule: 'BB-10',
        messageZh: `${levelZh}职业教育骨干教师培训不少于${minima.minHours}学时（实际 ${num(hours)} < ${minima.minHours}）`,
        messageEn: `${project.level} vocational backbone training hours ${num(hours)} < ${minima.minHours}`,
        limit: minima.minHours,
        actual: hours,
        field: 'hours',
      });
    if (project.startDate && project.endDate) {
      const months = monthsBetween(project.startDate, project.endDate);
      if (months < minima.minMonths)
        out.push({
          rule: 'BB-10',
          messageZh: `${levelZh}职业教育骨干教师培训时间不少于${minima.minMonths}个月（实际 ${months} < ${minima.minMonths}）`,
          messageEn: `${project.level} vocational backbone training lasts ${months} months < ${minima.minMonths}`,
          limit: minima.minMonths,
          actual: months,
          field: 'endDate',
        });
    }
  }
  const total = items.reduce((s, i) => s + Number(i.hours), 0);
  if (total > 0) {
    const has = (i: { tags: string[] }, tags: string[]) => (i.tags ?? []).some((t) => tags.includes(t));
    let enterprise = 0;
    let professional = 0;
    let theory = 0;
    for (const i of items) {
      if (has(i, o.enterpriseTags)) enterprise += Number(i.hours);
      else if (has(i, o.professionalTags)) professional += Number(i.hours);
      else theory += Number(i.hours);
    }
    const parts = [
      ['theory', '教学理论与方法', 'teaching theory and method', theory, o.shares.theory],
      ['professional', '专业知识与技能', 'professional knowledge and skills', professional, o.shares.professional],
      ['enterprise', '企业实践活动', 'enterprise practice', enterprise, o.shares.enterprise],
    ] as const;
    for (const [, zh, en, hours, target] of parts) {
      const share = hours / total;
      if (Math.abs(share - target) <= o.tolerance + 1e-9) continue;
      const range = `${pct(Math.max(0, target - o.tolerance))}–${pct(Math.min(1, target + o.tolerance))}`;
      out.push({
        rule: 'BB-10',
        messageZh: `${zh}应占总学时的${pct(target)}左右（允许 ${range}；实际 ${pct(share)} = ${num(hours)} / ${num(total)}）`,
        messageEn: `${en} is ${pct(share)} of the hours (${num(hours)} / ${num(total)}), outside ${range} around ${pct(target)}`,
        limit: range,
        actual: pct(share),
        field: 'curriculum',
      });
    }
  }
  return out;
}

export const bb10Vocational: RuleCheck<'project.submit', ChongqingOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || !isVocationalBackbone(project, options.vocational)) return [];
  const items = await em.getRepository(CurriculumItem).find({ where: { projectId: project.id }, select: { id: true, hours: true, tags: true } });
  return vocationalViolations(project, items, options.vocational);
};
