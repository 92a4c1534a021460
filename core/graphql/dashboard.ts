import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { In, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { regionLike } from '../db/region-scope.js';
import { InstitutionKind, ProjectStatus } from '../entities/enums.js';
import { Cycle, CycleAudit, Expert, Institution, Region, Teacher } from '../entities/index.js';
import { projectResource } from '../resources/project.js';
import { teacherResource } from '../resources/teacher.js';
import { creditRecordResource, cycleAuditResource, enrollmentResource, evaluationResource } from '../resources/training.js';
import { SATISFIED_SCORE } from '../rules/c10-satisfaction.js';
import { C11_DEFAULTS } from '../rules/c11-institution-performance.js';
import type { Context } from './context.js';
import { forbidden } from './errors.js';
import { requireActor, scopedQuery } from './resource.js';

/**
 * `dashboard`: the console's home page for the people who run a region's training (bureau,
 * school and institution staff, the platform), in the caller's scope, every figure an
 * aggregate computed by the database (GROUP BY over the scoped tables, a handful of
 * statements whatever the region's size; nothing is loaded row by row):
 *
 * - cycle completion by district (C-2, C-13), or by school within a single district: teachers,
 *   credits of the cycle per teacher, and how many teachers' latest cycle audit of that cycle
 *   passed (the audit applies the region's own requirement, e.g. ZJ-13's 360 credits; teachers
 *   not yet audited are counted as such);
 * - selections per day of the current round (C-3): the round of the latest selection in scope,
 *   the 30 days (Beijing dates) up to that selection, by status;
 * - satisfaction by institution (C-10) against C-11's suspension threshold;
 * - the national capacity metrics NT-1..NT-6 (POLICY.md, 004) of the bureau's region, each
 *   against its target, met or not (platform and bureau only: they are a region's metrics).
 */

@ObjectType('DashboardCycle')
export class DashboardCycle {
  @Field(() => ID) id!: number;
  @Field(() => String) name!: string;
  @Field(() => Int) startYear!: number;
  @Field(() => Int) endYear!: number;
}

@ObjectType('DashboardDistrict', { description: "C-2/C-13: one district (the teachers' region), or one school when the scope is a single district, in the chosen cycle" })
export class DashboardDistrict {
  @Field(() => ID, { description: 'the region id, or the school id when `completionBy` is school' }) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) teachers!: number;
  @Field(() => Float, { description: 'credits of the cycle, corrections included' }) credits!: number;
  @Field(() => Float) creditsPerTeacher!: number;
  @Field(() => Int, { description: 'teachers with a cycle audit of this cycle (their latest counts)' }) audited!: number;
  @Field(() => Int, { description: 'teachers whose latest audit of this cycle passed' }) passed!: number;
  @Field(() => Float, { description: 'passed / teachers, in percent' }) passedPercent!: number;
}

@ObjectType('DashboardSelectionDay')
export class DashboardSelectionDay {
  @Field(() => String, { description: 'Beijing date YYYY-MM-DD' }) date!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) approved!: number;
  @Field(() => Int) pending!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) withdrawn!: number;
}

@ObjectType('DashboardSelections', { description: 'C-3: selections per day of the current round' })
export class DashboardSelections {
  @Field(() => Int, { nullable: true, description: 'the round of the latest selection in scope' }) round!: number | null;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field(() => Int) total!: number;
  @Field(() => [DashboardSelectionDay], { description: 'every day from `from` to `to`, zeros included' }) days!: DashboardSelectionDay[];
}

@ObjectType('DashboardSatisfaction', { description: 'C-10: satisfaction with one institution' })
export class DashboardSatisfaction {
  @Field(() => ID) institutionId!: number;
  @Field(() => String) institutionName!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { description: `percent of evaluations ≥ ${SATISFIED_SCORE}` }) ratePercent!: number;
  @Field(() => Float) average!: number;
}

@ObjectType('DashboardMetric', { description: 'A capacity metric of POLICY.md (NT-1..NT-6) against its target' })
export class DashboardMetric {
  @Field(() => String) id!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => Float, { nullable: true, description: 'in `unit`; null when there is nothing to measure' }) value!: number | null;
  @Field(() => Float) target!: number;
  @Field(() => String, { description: '>= or <=' }) comparator!: string;
  @Field(() => String, { description: '% or ‰' }) unit!: string;
  @Field(() => Boolean, { nullable: true, description: 'null when there is nothing to measure' }) met!: boolean | null;
  @Field(() => Float) numerator!: number;
  @Field(() => Float) denominator!: number;
  @Field(() => String) noteZh!: string;
  @Field(() => String) noteEn!: string;
}

@ObjectType('Dashboard')
export class Dashboard {
  @Field(() => ID, { nullable: true, description: 'the region the figures cover (null: everything, for the platform)' }) regionId!: string | null;
  @Field(() => String, { nullable: true }) regionName!: string | null;
  @Field(() => String, { description: 'Beijing date the figures were computed on' }) today!: string;
  @Field(() => DashboardCycle, { nullable: true }) cycle!: DashboardCycle | null;
  @Field(() => String, { description: 'district, or school when the scope holds teachers of one district only' }) completionBy!: string;
  @Field(() => [DashboardDistrict]) districts!: DashboardDistrict[];
  @Field(() => DashboardSelections) selections!: DashboardSelections;
  @Field(() => [DashboardSatisfaction], { description: 'the 20 institutions with the most evaluations' }) satisfaction!: DashboardSatisfaction[];
  @Field(() => Float, { description: 'C-11: a rate below this suspends a subject qualification' }) satisfactionThreshold!: number;
  @Field(() => [DashboardMetric], { description: 'NT-1..NT-6 (platform and bureau)' }) capacity!: DashboardMetric[];
}

const DAY_MS = 86_400_000;
const SELECTION_DAYS = 30;
const TOP_INSTITUTIONS = 20;
/** Institutions that train (trainerCount counts for NT-3). */
const TRAINING_KINDS = [InstitutionKind.university, InstitutionKind.training, InstitutionKind.development_center, InstitutionKind.base_school, InstitutionKind.studio];
/** Projects that are (or were) held: approved, published or finished. */
const HOSTED = [ProjectStatus.approved, ProjectStatus.published, ProjectStatus.closed];

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const minusYears = (date: string, n: number) => `${Number(date.slice(0, 4)) - n}${date.slice(4)}`;
const r1 = (v: number) => Math.round(v * 10) / 10;
const num = (v: unknown) => Number(v ?? 0) || 0;
type Qb = SelectQueryBuilder<ObjectLiteral>;

/** Beijing calendar day of a datetime column, as 'YYYY-MM-DD', in either dialect. */
function dayOf(em: EntityManager, column: string): string {
  return em.connection.options.type === 'better-sqlite3'
    ? `strftime('%Y-%m-%d', ${column}, '+8 hours')`
    : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`;
}

/** The UTC 'YYYY-MM-DD HH:MM:SS' of Beijing midnight starting `date` (datetime columns hold UTC). */
const beijingMidnightUtc = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

async function pickCycle(em: EntityManager, cycleId: string | undefined, today: string): Promise<Cycle | null> {
  const repo = em.getRepository(Cycle);
  if (cycleId) return repo.findOneBy({ id: Number(cycleId) });
  const year = Number(today.slice(0, 4));
  return (
    (await repo.createQueryBuilder('c').where('c.startYear <= :y AND c.endYear >= :y', { y: year }).orderBy('c.startYear', 'DESC').getOne()) ??
    (await repo.createQueryBuilder('c').orderBy('c.startYear', 'DESC').getOne())
  );
}

/**
 * Teachers, credits and latest audits per district (the teachers' region), in three GROUP BY
 * statements; when the scope holds a single district (a district bureau, a school) per school
 * instead, which says more to the people of that district.
 */
async function completion(em: EntityManager, actor: Actor, cycle: Cycle | null): Promise<{ by: 'district' | 'school'; rows: DashboardDistrict[] }> {
  const teachersBy = (column: string) =>
    (scopedQuery(em, teacherResource, actor) as unknown as Qb)
      .select(column, 'k')
      .addSelect('COUNT(*)', 'n')
      .groupBy(column)
      .getRawMany<{ k: unknown; n: unknown }>();
  let by: 'district' | 'school' = 'district';
  let teachers = await teachersBy('r.regionId');
  if (teachers.length === 1 && actor.role !== 'platform') {
    by = 'school';
    teachers = await teachersBy('r.schoolId');
  }
  if (!teachers.length) return { by, rows: [] };
  const credits = new Map<string, number>();
  const audits = new Map<string, { audited: number; passed: number }>();
  if (cycle) {
    const creditQb = (scopedQuery(em, creditRecordResource, actor) as unknown as Qb).andWhere('r.cycleId = :dashCycle', { dashCycle: cycle.id });
    if (by === 'school') creditQb.innerJoin(Teacher, 'ct', 'ct.id = r.teacherId').select('ct.schoolId', 'k').groupBy('ct.schoolId');
    else creditQb.select('r.regionId', 'k').groupBy('r.regionId');
    for (const r of await creditQb.addSelect('SUM(r.credits)', 'credits').getRawMany<{ k: unknown; credits: unknown }>()) credits.set(String(r.k), num(r.credits));
    // Each teacher's latest audit of the cycle.
    const latest = (scopedQuery(em, cycleAuditResource, actor) as unknown as Qb)
      .select('MAX(r.id)')
      .andWhere('r.cycleId = :dashCycle', { dashCycle: cycle.id })
      .groupBy('r.teacherId');
    const auditQb = em
      .createQueryBuilder()
      .from(CycleAudit, 'a')
      .where(`a.id IN (${latest.getQuery()})`)
      .setParameters(latest.getParameters());
    if (by === 'school') auditQb.innerJoin(Teacher, 'at', 'at.id = a.teacherId').select('at.schoolId', 'k').groupBy('at.schoolId');
    else auditQb.select('a.regionId', 'k').groupBy('a.regionId');
    const auditRows = await auditQb
      .addSelect('COUNT(*)', 'audited')
      .addSelect('SUM(CASE WHEN a.passed = 1 THEN 1 ELSE 0 END)', 'passed')
      .getRawMany<{ k: unknown; audited: unknown; passed: unknown }>();
    for (const r of auditRows) audits.set(String(r.k), { audited: num(r.audited), passed: num(r.passed) });
  }
  const keys = teachers.map((t) => String(t.k));
  const names = new Map<string, string>(
    by === 'school'
      ? (await em.getRepository(Institution).find({ where: { id: In(keys.map(Number)) }, select: { id: true, name: true } })).map((i) => [String(i.id), i.name])
      : (await em.getRepository(Region).find({ where: { id: In(keys) }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  );
  const rows = teachers.map((t) => {
    const key = String(t.k);
    const n = num(t.n);
    const c = credits.get(key) ?? 0;
    const a = audits.get(key) ?? { audited: 0, passed: 0 };
    const passed = Math.min(a.passed, n);
    return Object.assign(new DashboardDistrict(), {
      id: key, name: names.get(key) ?? key, teachers: n, credits: r1(c), creditsPerTeacher: n ? r1(c / n) : 0,
      audited: Math.min(a.audited, n), passed, passedPercent: n ? r1((100 * passed) / n) : 0,
    });
  });
  rows.sort((a, b) => (by === 'district' ? a.id.localeCompare(b.id) : a.name.localeCompare(b.name, 'zh-CN')));
  return { by, rows };
}

async function selections(em: EntityManager, actor: Actor): Promise<DashboardSelections> {
  const latest = await scopedQuery(em, enrollmentResource, actor).orderBy('r.selectedAt', 'DESC').addOrderBy('r.id', 'DESC').limit(1).getOne();
  if (!latest) return Object.assign(new DashboardSelections(), { round: null, from: null, to: null, total: 0, days: [] });
  const to = chinaDate(new Date(latest.selectedAt));
  const from = addDays(to, -(SELECTION_DAYS - 1));
  const day = dayOf(em, 'r.selectedAt');
  const rows = await (scopedQuery(em, enrollmentResource, actor) as unknown as Qb)
    .select(day, 'day')
    .addSelect('r.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .andWhere('r.round = :dashRound AND r.selectedAt >= :dashFrom', { dashRound: latest.round, dashFrom: beijingMidnightUtc(from) })
    .groupBy(day)
    .addGroupBy('r.status')
    .getRawMany<{ day: string; status: string; n: unknown }>();
  const byDay = new Map<string, DashboardSelectionDay>();
  for (let d = from; d <= to; d = addDays(d, 1))
    byDay.set(d, Object.assign(new DashboardSelectionDay(), { date: d, total: 0, approved: 0, pending: 0, rejected: 0, withdrawn: 0 }));
  let total = 0;
  for (const r of rows) {
    const d = byDay.get(String(r.day));
    if (!d) continue;
    const n = num(r.n);
    d.total += n;
    total += n;
    if (r.status === 'approved' || r.status === 'pending' || r.status === 'rejected' || r.status === 'withdrawn') d[r.status] += n;
  }
  return Object.assign(new DashboardSelections(), { round: latest.round, from, to, total, days: [...byDay.values()] });
}

async function satisfaction(em: EntityManager, actor: Actor): Promise<DashboardSatisfaction[]> {
  const rows = await (scopedQuery(em, evaluationResource, actor) as unknown as Qb)
    .select('r.institutionId', 'institutionId')
    .addSelect('COUNT(*)', 'n')
    .addSelect('SUM(CASE WHEN r.satisfaction >= :dashSatisfied THEN 1 ELSE 0 END)', 'satisfied')
    .addSelect('AVG(r.satisfaction)', 'average')
    .setParameter('dashSatisfied', SATISFIED_SCORE)
    .groupBy('r.institutionId')
    .getRawMany<{ institutionId: unknown; n: unknown; satisfied: unknown; average: unknown }>();
  const top = rows
    .map((r) => ({ institutionId: num(r.institutionId), count: num(r.n), satisfied: num(r.satisfied), average: num(r.average) }))
    .sort((a, b) => b.count - a.count || a.institutionId - b.institutionId)
    .slice(0, TOP_INSTITUTIONS);
  if (!top.length) return [];
  const names = new Map(
    (await em.getRepository(Institution).find({ where: { id: In(top.map((t) => t.institutionId)) }, select: { id: true, name: true } })).map((i) => [Number(i.id), i.name]),
  );
  return top
    .map((t) => Object.assign(new DashboardSatisfaction(), {
      institutionId: t.institutionId, institutionName: names.get(t.institutionId) ?? String(t.institutionId), count: t.count,
      ratePercent: t.count ? r1((100 * t.satisfied) / t.count) : 0, average: r1(t.average),
    }))
    .sort((a, b) => b.ratePercent - a.ratePercent || b.count - a.count);
}

function metric(
  id: string, labelZh: string, labelEn: string, numerator: number, denominator: number, target: number, comparator: '>=' | '<=', unit: '%' | '‰',
  noteZh: string, noteEn: string,
): DashboardMetric {
  const scale = unit === '%' ? 100 : 1000;
  const value = denominator > 0 ? Math.round((scale * numerator * 100) / denominator) / 100 : null;
  const met = value === null ? null : comparator === '>=' ? value >= target : value <= target;
  return Object.assign(new DashboardMetric(), { id, labelZh, labelEn, value, target, comparator, unit, met, numerator: r1(numerator), denominator: r1(denominator), noteZh, noteEn });
}

/** NT-1..NT-6 over the region subtree (null: everywhere); `teachers` is the region's teacher count. */
async function capacity(em: EntityManager, actor: Actor, regionId: string | null, teachers: number, today: string): Promise<DashboardMetric[]> {
  const inRegion = (qb: Qb, column: string) => (regionId ? qb.andWhere(`${column} LIKE :dashRegion`, { dashRegion: regionLike(regionId) }) : qb);
  const kinds = await (scopedQuery(em, projectResource, actor) as unknown as Qb)
    .innerJoin(Institution, 'hi', 'hi.id = r.institutionId')
    .select('hi.kind', 'kind')
    .addSelect('COUNT(*)', 'n')
    .andWhere('r.status IN (:...dashHosted)', { dashHosted: HOSTED })
    .groupBy('hi.kind')
    .getRawMany<{ kind: string; n: unknown }>();
  const projects = kinds.reduce((s, k) => s + num(k.n), 0);
  const ofKind = (kind: InstitutionKind) => num(kinds.find((k) => k.kind === kind)?.n);
  const trainers = await inRegion(
    em.getRepository(Institution).createQueryBuilder('i').select('COALESCE(SUM(i.trainerCount), 0)', 'n').where('i.kind IN (:...dashKinds)', { dashKinds: TRAINING_KINDS }) as unknown as Qb,
    'i.regionId',
  ).getRawOne<{ n: unknown }>();
  const e = await inRegion(
    em
      .getRepository(Expert)
      .createQueryBuilder('e')
      .select('COUNT(*)', 'all')
      .addSelect('SUM(CASE WHEN e.birthDate IS NOT NULL THEN 1 ELSE 0 END)', 'born')
      .addSelect('SUM(CASE WHEN e.birthDate <= :dash45 THEN 1 ELSE 0 END)', 'over45')
      .addSelect('SUM(CASE WHEN e.degree IS NOT NULL THEN 1 ELSE 0 END)', 'withDegree')
      .addSelect("SUM(CASE WHEN e.degree IN ('master', 'doctor') THEN 1 ELSE 0 END)", 'masters')
      .addSelect("SUM(CASE WHEN (e.frontLine = 1 AND e.birthDate <= :dash32) OR e.title = 'senior' THEN 1 ELSE 0 END)", 'experienced')
      .setParameters({ dash45: minusYears(today, 45), dash32: minusYears(today, 32) }) as unknown as Qb,
    'e.regionId',
  ).getRawOne<Record<string, unknown>>();
  return [
    metric('NT-1', '基地学校承办项目占比', 'Projects hosted by base schools', ofKind(InstitutionKind.base_school), projects, 30, '>=', '%',
      '已批准、已发布、已结束的项目中由基地学校承办的比例', 'share of approved, published and finished projects hosted by a base school'),
    metric('NT-2', '名师工作室承办项目占比', 'Projects hosted by 三名 studios', ofKind(InstitutionKind.studio), projects, 30, '>=', '%',
      '已批准、已发布、已结束的项目中由名师（名校长、名班主任）工作室承办的比例', 'share of approved, published and finished projects hosted by a famous-teacher studio'),
    metric('NT-3', '专职培训者与教师比', 'Full-time trainers per teacher', num(trainers?.n), teachers, 5, '>=', '‰',
      '辖区培训机构的专职培训者人数 ÷ 辖区教师人数', "training institutions' full-time trainers ÷ teachers of the region"),
    metric('NT-4', '45岁以上培训者占比', 'Trainers aged 45+', num(e?.over45), num(e?.born), 40, '<=', '%',
      '专家库中已登记出生日期的专家', 'experts of the expert database with a birth date'),
    metric('NT-5', '硕士及以上学位培训者占比', "Trainers with a master's degree or above", num(e?.masters), num(e?.withDegree), 10, '>=', '%',
      '专家库中已登记学历的专家', 'experts of the expert database with a degree on record'),
    metric('NT-6', '一线教学10年以上或具有正高级职称的培训者占比', 'Trainers with 10+ years front-line teaching or a senior title', num(e?.experienced), num(e?.all), 20, '>=', '%',
      '估算：一线教师且年满32周岁（按22岁从教计教龄10年以上），或正高级职称；专家库未登记教龄与骨干称号',
      'estimate: front-line teachers aged 32+ (10+ years from a start at 22), or a senior title; the expert database records neither teaching years nor backbone titles'),
  ];
}

@Resolver()
export class DashboardResolver {
  @Query(() => Dashboard, { description: '首页统计：各区县周期学分完成情况、本轮每日选课、各机构满意度、培训能力指标（NT-1..NT-6）' })
  async dashboard(@Ctx() ctx: Context, @Arg('cycleId', () => ID, { nullable: true }) cycleId?: string): Promise<Dashboard> {
    const actor = requireActor(ctx);
    if (actor.role === 'teacher' || actor.role === 'expert') throw forbidden();
    const em = ctx.ds.manager;
    const today = chinaDate(new Date());
    let regionId: string | null = null;
    if (actor.role === 'bureau') regionId = actor.regionId ?? '-';
    else if (actor.role === 'school' || actor.role === 'institution')
      regionId = (await em.getRepository(Institution).findOne({ where: { id: actor.institutionId ?? -1 }, select: { id: true, regionId: true } }))?.regionId ?? null;
    const cycle = await pickCycle(em, cycleId, today);
    const [done, selectionDays, satisfactionRows] = await Promise.all([
      actor.role === 'institution' ? Promise.resolve({ by: 'district' as const, rows: [] }) : completion(em, actor, cycle),
      selections(em, actor),
      satisfaction(em, actor),
    ]);
    const teachers = done.rows.reduce((s, d) => s + d.teachers, 0);
    const regionName = regionId ? ((await em.getRepository(Region).findOneBy({ id: regionId }))?.name ?? regionId) : null;
    return Object.assign(new Dashboard(), {
      regionId,
      regionName,
      today,
      cycle: cycle ? Object.assign(new DashboardCycle(), { id: cycle.id, name: cycle.name, startYear: cycle.startYear, endYear: cycle.endYear }) : null,
      completionBy: done.by,
      districts: done.rows,
      selections: selectionDays,
      satisfaction: satisfactionRows,
      satisfactionThreshold: C11_DEFAULTS.suspendBelow,
      capacity: actor.role === 'platform' || actor.role === 'bureau' ? await capacity(em, actor, regionId, teachers, today) : [],
    });
  }
}
