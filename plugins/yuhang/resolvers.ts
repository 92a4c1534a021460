// Yuhang's queries (YH-1 satisfaction, YH-3 funding, YH-5 attendance discipline) and the
// field Project.yhSchoolStage (YH-4). Each reads through the caller's scope.
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { inRegion, regionLike } from '../../core/db/region-scope.js';
import { EnrollmentStatus, ProjectLevel, ProjectStatus } from '../../core/entities/enums.js';
import { Assessment, Attendance, ClassSession, Enrollment, Evaluation, Institution, Project, Teacher, TrainingClass } from '../../core/entities/index.js';
import type { Context } from '../../core/graphql/context.js';
import { badInput, forbidden } from '../../core/graphql/errors.js';
import { findScoped, requireActor, resourceOf, scopedQuery } from '../../core/graphql/resource.js';
import { chinaDay } from '../zhejiang/index.js';
import { fundingMetrics, metric, YhFunding, YhMetric, YUHANG } from './funding.js';
import type { YuhangOptions } from './options.js';

@ObjectType('YhTraineeRecord', { description: '余杭：一名学员的出勤与考核记录（YH-5 三严）' })
export class YhTraineeRecord {
  @Field(() => ID) enrollmentId!: number;
  @Field(() => ID) teacherId!: number;
  @Field(() => String) teacherName!: string;
  @Field(() => Int) present!: number;
  @Field(() => Int) late!: number;
  @Field(() => Int, { description: '请假' }) leave!: number;
  @Field(() => Int) absent!: number;
  @Field(() => Int, { description: 'sessions held without an attendance record' }) missing!: number;
  @Field(() => Float) hoursAttended!: number;
  @Field(() => String, { nullable: true, description: 'latest assessment grade' }) grade!: string | null;
}

@ObjectType('YhAttendanceReport')
export class YhAttendanceReport {
  @Field(() => ID) classId!: number;
  @Field(() => Int, { description: 'sessions held so far' }) sessionsHeld!: number;
  @Field(() => [YhTraineeRecord]) trainees!: YhTraineeRecord[];
  @Field(() => Boolean, { description: 'every trainee has a record for every session held, and an assessment once the class ended' }) complete!: boolean;
}

const optionsOf = (ctx: Context) => ctx.plugins.get<YuhangOptions>('yuhang')!.options;

/** Metrics over all of Yuhang: the platform, or a bureau whose region contains Yuhang. */
function requireOverYuhang(ctx: Context) {
  const actor = requireActor(ctx);
  if (actor.role === 'platform' || (actor.role === 'bureau' && inRegion(YUHANG, actor.regionId ?? '-'))) return actor;
  throw forbidden('只有余杭区及上级教育行政部门可以查看', 'Only a bureau over Yuhang may read this');
}

@Resolver()
export class YuhangQueries {
  @Query(() => YhMetric, { description: '余杭：参训教师满意率（YH-1，目标 ≥ 90%）' })
  async yhSatisfaction(@Ctx() ctx: Context, @Arg('year', () => Int, { nullable: true }) year?: number | null): Promise<YhMetric> {
    requireOverYuhang(ctx);
    const o = optionsOf(ctx);
    const qb = ctx.ds.manager
      .getRepository(Evaluation)
      .createQueryBuilder('ev')
      .innerJoin(TrainingClass, 'c', 'c.id = ev.classId')
      .select('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN ev.satisfaction >= :ok THEN 1 ELSE 0 END)', 'satisfied')
      .where('c.regionId LIKE :yh', { yh: regionLike(YUHANG), ok: o.satisfiedScore });
    if (year) qb.andWhere('c.endDate >= :from AND c.endDate <= :to', { from: `${year}-01-01`, to: `${year}-12-31` });
    const row = await qb.getRawOne<{ n: string | number; satisfied: string | number | null }>();
    const n = Number(row?.n ?? 0);
    const rate = n ? Math.round((Number(row?.satisfied ?? 0) / n) * 1000) / 10 : null;
    return metric({ rule: 'YH-1', key: 'satisfaction', labelZh: '参训教师满意率（%）', labelEn: 'satisfaction rate (%)', target: o.satisfactionTarget, actual: rate, count: n });
  }

  @Query(() => [YhMetric], { description: '余杭：年度教师培训经费指标（YH-3），未填报时为空' })
  async yhFundingMetrics(@Ctx() ctx: Context, @Arg('year', () => Int) year: number): Promise<YhMetric[]> {
    requireOverYuhang(ctx);
    const f = await ctx.ds.manager.getRepository(YhFunding).findOneBy({ year });
    if (!f) return [];
    const ids = (JSON.parse(f.schools) as { schoolId: number }[]).map((s) => s.schoolId);
    const names = new Map((ids.length ? await ctx.ds.manager.getRepository(Institution).findBy({ id: In(ids) }) : []).map((i) => [i.id, i.name]));
    return fundingMetrics(f, optionsOf(ctx), names);
  }

  @Query(() => YhAttendanceReport, { description: '余杭：班期学员出勤、请假与考核记录（YH-5 三严）' })
  async yhAttendanceDiscipline(@Ctx() ctx: Context, @Arg('classId', () => ID) classId: string): Promise<YhAttendanceReport> {
    const actor = requireActor(ctx);
    const em = ctx.ds.manager;
    const cls = (await findScoped(em, resourceOf(TrainingClass)!, actor, classId)) as TrainingClass;
    if (!ctx.plugins.governs('yuhang', cls.regionId)) throw badInput('该班期不在余杭区', 'The class is not in Yuhang', 'classId');
    const today = chinaDay();
    const held = (await em.getRepository(ClassSession).findBy({ classId: cls.id })).filter((s) => s.date <= today);
    // The caller's own view of the trainees: a school sees its teachers, the institution and bureaus all.
    const enrollments = (await scopedQuery(em, resourceOf(Enrollment)!, actor)
      .andWhere('r.classId = :c AND r.status = :st', { c: cls.id, st: EnrollmentStatus.approved })
      .orderBy('r.id', 'ASC')
      .getMany()) as Enrollment[];
    const ids = enrollments.map((e) => e.id);
    const att = ids.length ? await em.getRepository(Attendance).findBy({ enrollmentId: In(ids) }) : [];
    const grades = ids.length ? await em.getRepository(Assessment).find({ where: { enrollmentId: In(ids) }, order: { attempt: 'ASC' } }) : [];
    const names = new Map((ids.length ? await em.getRepository(Teacher).findBy({ id: In(enrollments.map((e) => e.teacherId)) }) : []).map((t) => [t.id, t.name]));
    const heldIds = new Set(held.map((s) => s.id));
    const trainees = enrollments.map((e) => {
      const own = att.filter((a) => a.enrollmentId === e.id);
      const by = (st: string) => own.filter((a) => a.status === st).length;
      const recorded = new Set(own.map((a) => a.sessionId));
      return Object.assign(new YhTraineeRecord(), {
        enrollmentId: e.id, teacherId: e.teacherId, teacherName: names.get(e.teacherId) ?? '', present: by('present'), late: by('late'), leave: by('leave'),
        absent: by('absent'), missing: [...heldIds].filter((id) => !recorded.has(id)).length,
        hoursAttended: Math.round(own.reduce((s, a) => s + Number(a.hoursAttended), 0) * 10) / 10,
        grade: grades.filter((g) => g.enrollmentId === e.id).at(-1)?.grade ?? null,
      });
    });
    const ended = cls.endDate < today;
    return Object.assign(new YhAttendanceReport(), {
      classId: cls.id, sessionsHeld: held.length, trainees,
      complete: trainees.every((t) => t.missing === 0 && (!ended || t.grade !== null)),
    });
  }
}

/** YH-4 stages of the 项目制 school-based training, from the core records. */
export const SCHOOL_STAGES = ['declare', 'review', 'implement', 'manage', 'assess', 'complete'] as const;

@Resolver(() => Project)
export class YuhangProjectFields {
  @FieldResolver(() => String, { nullable: true, description: '余杭：校本培训项目制所处环节（申报 declare、审核 review、实施 implement、管理 manage、考核 assess、结业 complete）；其他项目为 null' })
  async yhSchoolStage(@Root() p: Project, @Ctx() ctx: Context): Promise<string | null> {
    if (p.level !== ProjectLevel.school || !ctx.plugins.governs('yuhang', p.regionId)) return null;
    if (p.status === ProjectStatus.draft || p.status === ProjectStatus.rejected) return 'declare';
    if (p.status === ProjectStatus.submitted) return 'review';
    if (p.status === ProjectStatus.closed) return 'complete';
    const em = ctx.ds.manager;
    const enrolled = em.getRepository(Enrollment).createQueryBuilder('e').innerJoin(TrainingClass, 'c', 'c.id = e.classId').where('c.projectId = :p', { p: p.id });
    const assessed = await enrolled.clone().innerJoin(Assessment, 'a', 'a.enrollmentId = e.id').getCount();
    if (assessed) return 'assess';
    const attended = await enrolled.clone().innerJoin(Attendance, 'at', 'at.enrollmentId = e.id').getCount();
    return attended ? 'manage' : 'implement';
  }
}
