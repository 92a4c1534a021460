// ZJ-9: the period's windows (浙教办函〔2019〕357号 §五). An action outside its window is
// refused with the window's dates: declaration at 'project.submit', bureau review at
// 'project.approve', publication at 'project.publish', teacher data at 'teacher.update',
// selection rounds at 'selection.create', the run window at 'project.submit' and 'class.publish'.
import type { EntityManager } from 'typeorm';
import { inRegion, regionPrefix } from '../../../core/db/region-scope.js';
import { Project, TrainingClass } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import { ZjPeriod } from '../entities/period.js';
import type { ZhejiangOptions } from '../options.js';
import { chinaDay, inZhejiang, isBeingDeclared, violation } from '../util.js';

/** The period of a record in `regionId` on `date`: run window contains the date; innermost region wins, then the latest start. */
export async function periodFor(em: EntityManager, regionId: string, date: string | null | undefined): Promise<ZjPeriod | null> {
  return date ? pickPeriod(await periodsRunning(em, date), regionId) : null;
}

/** Every period whose run window contains `date`, whatever its region. */
export function periodsRunning(em: EntityManager, date: string): Promise<ZjPeriod[]> {
  return em.getRepository(ZjPeriod).createQueryBuilder('p').where('p.runFrom <= :d AND p.runTo >= :d', { d: date }).getMany();
}

/** Of the periods running on a date, the one of `regionId`: innermost region wins, then the latest start. */
export function pickPeriod(running: ZjPeriod[], regionId: string): ZjPeriod | null {
  const covering = running.filter((p) => inRegion(regionId, p.regionId));
  covering.sort((a, b) => regionPrefix(b.regionId).length - regionPrefix(a.regionId).length || (a.runFrom < b.runFrom ? 1 : -1));
  return covering[0] ?? null;
}

/** The period a project belongs to: by its reach and its start date. */
export const projectPeriod = (em: EntityManager, p: Pick<Project, 'regionId' | 'startDate'>) => periodFor(em, p.regionId, p.startDate);

/** Whether a project's level follows the period's timeline (school-based projects do not, by default). */
export const followsPeriod = (p: Pick<Project, 'level'>, options: ZhejiangOptions) => options.period.levels.includes(p.level);

/** The calendar half-year of a date, when no period is configured: 2026-03-01 → 2026-01-01..2026-06-30. */
export function halfYear(date: string): { from: string; to: string } {
  const y = date.slice(0, 4);
  return Number(date.slice(5, 7)) <= 6 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
}

type Window = { zh: string; en: string; from: string; to: string };

/** One window of a period, named in both languages. */
export function window(p: ZjPeriod, which: 'declare' | 'review' | 'teacherData' | 'round1' | 'round2' | 'run'): Window {
  const names = {
    declare: ['项目申报', 'declaration'], review: ['项目审核', 'bureau review'], teacherData: ['教师数据更新', 'teacher data update'],
    round1: ['第一轮自主选课', 'selection round 1'], round2: ['第二轮自主选课', 'selection round 2'], run: ['培训举办', 'training run'],
  } as const;
  const [zh, en] = names[which];
  const from = { declare: p.declareFrom, review: p.reviewFrom, teacherData: p.teacherDataFrom, round1: p.round1From, round2: p.round2From, run: p.runFrom }[which];
  const to = { declare: p.declareTo, review: p.reviewTo, teacherData: p.teacherDataTo, round1: p.round1To, round2: p.round2To, run: p.runTo }[which];
  return { zh, en, from, to };
}

/** ZJ-9: `day` must lie in the window. */
export function outsideWindow(p: ZjPeriod, w: Window, day: string, field?: string): Violation[] {
  if (day >= w.from && day <= w.to) return [];
  return [
    violation(
      'ZJ-9',
      `${p.name}${w.zh}时间为 ${w.from} 至 ${w.to}（实际 ${day}）`,
      `${p.name} ${w.en} window is ${w.from} to ${w.to} (today ${day})`,
      `${w.from}..${w.to}`,
      day,
      field,
    ),
  ];
}

const noPeriod = (date: string | null, field: string): Violation =>
  violation(
    'ZJ-9',
    `没有覆盖开始日期 ${date ?? '（未填写）'} 的半年度培训周期，请先由教育行政部门配置周期`,
    `no half-year period covers the start date ${date ?? '(none)'}; a bureau must configure the period first`,
    'period',
    date,
    field,
  );

/** ZJ-9 at 'project.submit': today in the declaration window; the project's dates in the run window. */
export const declarationWindow: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || !followsPeriod(project, options) || !project.startDate) return [];
  const period = await projectPeriod(em, project);
  if (!period) return [noPeriod(project.startDate, 'startDate')];
  const out: Violation[] = [];
  // A C-15 change re-checks the plan after publication: the declaration window is long past then.
  if (isBeingDeclared(project)) out.push(...outsideWindow(period, window(period, 'declare'), chinaDay()));
  const run = window(period, 'run');
  if (project.endDate && project.endDate > run.to)
    out.push(violation('ZJ-9', `培训须在${period.name}举办时间 ${run.from} 至 ${run.to} 内结束（实际 ${project.endDate}）`,
      `the training must end within the ${period.name} run window ${run.from} to ${run.to} (ends ${project.endDate})`, run.to, project.endDate, 'endDate'));
  return out;
};

/** ZJ-9 at 'project.approve': the bureau decides within the review window. */
export const reviewWindow: RuleCheck<'project.approve', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || !followsPeriod(project, options)) return [];
  const period = await projectPeriod(em, project);
  if (!period) return [noPeriod(project.startDate, 'startDate')];
  return outsideWindow(period, window(period, 'review'), chinaDay(input.now));
};

/** ZJ-9 at 'project.publish': not before the publication date. */
export const publicationDate: RuleCheck<'project.publish', ZhejiangOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || !followsPeriod(project, options)) return [];
  const period = await projectPeriod(em, project);
  if (!period) return [noPeriod(project.startDate, 'startDate')];
  const day = chinaDay(input.now);
  if (day >= period.publishOn) return [];
  return [violation('ZJ-9', `${period.name}培训项目发布时间为 ${period.publishOn}（实际 ${day}）`,
    `${period.name} projects are published on ${period.publishOn} (today ${day})`, period.publishOn, day)];
};

/**
 * ZJ-9 at 'teacher.update': schools keep teacher data inside the teacher-data window. The
 * window matters from its opening to the end of selection round 2 (data the selection
 * relies on); outside any period's span changes are free.
 */
export const teacherDataWindow: RuleCheck<'teacher.update', ZhejiangOptions> = async ({ input, em, actor, regionId }) => {
  if (actor.role !== 'school') return [];
  const day = chinaDay(input.now);
  const rows = await em
    .getRepository(ZjPeriod)
    .createQueryBuilder('p')
    .where('p.teacherDataFrom <= :d AND p.round2To >= :d', { d: day })
    .getMany();
  for (const p of rows.filter((x) => inRegion(regionId, x.regionId))) {
    const v = outsideWindow(p, window(p, 'teacherData'), day);
    if (v.length) return v;
  }
  return [];
};

/** ZJ-9 at 'class.publish': the class runs within its period's run window. */
export const classRunWindow: RuleCheck<'class.publish', ZhejiangOptions> = async ({ input, em, options }) => {
  const cls = await em.getRepository(TrainingClass).findOneBy({ id: input.classId });
  if (!cls) return [];
  const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });
  if (!followsPeriod(project, options) || !inZhejiang(project.regionId)) return [];
  const period = await projectPeriod(em, project);
  if (!period) return [noPeriod(project.startDate, 'startDate')];
  const run = window(period, 'run');
  if (cls.startDate >= run.from && cls.endDate <= run.to) return [];
  return [violation('ZJ-9', `班期须在${period.name}举办时间 ${run.from} 至 ${run.to} 内（实际 ${cls.startDate} 至 ${cls.endDate}）`,
    `the class must run within the ${period.name} run window ${run.from} to ${run.to} (${cls.startDate} to ${cls.endDate})`,
    `${run.from}..${run.to}`, `${cls.startDate}..${cls.endDate}`, 'startDate')];
};
