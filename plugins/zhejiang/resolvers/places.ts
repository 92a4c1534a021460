// ZJ-11 (003 §二(三) "各地要为农村教师、民办幼儿园教师等薄弱领域教师参加培训提供充足的培训名额"):
// a metric, not a refusal — per project, the places taken by rural teachers and by
// private-kindergarten teachers, their shares, and whether the optional target shares are met.
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import { regionLike } from '../../../core/db/region-scope.js';
import { EnrollmentStatus, Stage } from '../../../core/entities/enums.js';
import { Enrollment, Project, Teacher, TrainingClass } from '../../../core/entities/index.js';
import type { Context } from '../../../core/graphql/context.js';
import { findScoped, requireActor, resourceOf, scopedQuery } from '../../../core/graphql/resource.js';
import { ZjPeriod } from '../entities/period.js';
import type { ZhejiangOptions } from '../options.js';
import { ZJ_REGION } from '../util.js';

@ObjectType('ZjProjectPlaces', { description: '浙江：项目中农村教师、民办幼儿园教师的名额（ZJ-11）' })
export class ZjProjectPlaces {
  @Field(() => ID) projectId!: number;
  @Field(() => String) projectName!: string;
  @Field(() => ID) regionId!: string;
  @Field(() => Int, { description: 'seats of all the project\'s classes' }) capacity!: number;
  @Field(() => Int, { description: 'selections pending or approved' }) places!: number;
  @Field(() => Int) rural!: number;
  @Field(() => Float, { description: 'rural / places, 0..1' }) ruralShare!: number;
  @Field(() => Int) privateKindergarten!: number;
  @Field(() => Float) privateKindergartenShare!: number;
  @Field(() => Float) ruralTarget!: number;
  @Field(() => Float) privateKindergartenTarget!: number;
  @Field(() => Boolean, { description: 'both shares reach their targets' }) met!: boolean;
}

const share = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : 0);

@Resolver()
export class ZjPlacesResolver {
  @Query(() => [ZjProjectPlaces], { description: '浙江：各项目农村教师、民办幼儿园教师名额统计（ZJ-11）；按周期或项目筛选，最多 500 个项目' })
  async zjReservedPlaces(
    @Ctx() ctx: Context,
    @Arg('periodId', () => ID, { nullable: true }) periodId?: string | null,
    @Arg('projectIds', () => [ID], { nullable: true }) projectIds?: string[] | null,
  ): Promise<ZjProjectPlaces[]> {
    const actor = requireActor(ctx);
    const em = ctx.ds.manager;
    const options = ctx.plugins.get<ZhejiangOptions>('zhejiang')!.options;
    const qb = scopedQuery(em, resourceOf(Project)!, actor).andWhere('r.regionId LIKE :zj', { zj: regionLike(ZJ_REGION) });
    if (periodId) {
      const period = await findScoped(em, resourceOf(ZjPeriod)!, actor, periodId) as ZjPeriod;
      qb.andWhere('r.startDate >= :pf AND r.startDate <= :pt', { pf: period.runFrom, pt: period.runTo });
    }
    if (projectIds?.length) qb.andWhere('r.id IN (:...pids)', { pids: projectIds.map(Number) });
    const projects = (await qb.orderBy('r.id', 'ASC').limit(500).getMany()) as Project[];
    if (!projects.length) return [];
    const classes = await em.getRepository(TrainingClass).find({ where: { projectId: In(projects.map((p) => p.id)) }, select: { id: true, projectId: true, capacity: true } });
    const rows = classes.length
      ? await em
          .getRepository(Enrollment)
          .createQueryBuilder('e')
          .innerJoin(Teacher, 't', 't.id = e.teacherId')
          .select('e.classId', 'classId')
          .addSelect('COUNT(*)', 'places')
          .addSelect('SUM(CASE WHEN t.rural = 1 THEN 1 ELSE 0 END)', 'rural')
          .addSelect(`SUM(CASE WHEN t.isPrivate = 1 AND t.stage = '${Stage.kindergarten}' THEN 1 ELSE 0 END)`, 'pk')
          .where('e.classId IN (:...cids) AND e.status IN (:...st)', { cids: classes.map((c) => c.id), st: [EnrollmentStatus.pending, EnrollmentStatus.approved] })
          .groupBy('e.classId')
          .getRawMany<{ classId: number; places: string; rural: string; pk: string }>()
      : [];
    const byClass = new Map(rows.map((r) => [Number(r.classId), r]));
    const t = options.places;
    return projects.map((p) => {
      const own = classes.filter((c) => c.projectId === p.id);
      const sum = (k: 'places' | 'rural' | 'pk') => own.reduce((s, c) => s + Number(byClass.get(c.id)?.[k] ?? 0), 0);
      const places = sum('places');
      const out = Object.assign(new ZjProjectPlaces(), {
        projectId: p.id, projectName: p.name, regionId: p.regionId, capacity: own.reduce((s, c) => s + c.capacity, 0), places,
        rural: sum('rural'), ruralShare: share(sum('rural'), places), privateKindergarten: sum('pk'), privateKindergartenShare: share(sum('pk'), places),
        ruralTarget: t.ruralMinShare, privateKindergartenTarget: t.privateKindergartenMinShare,
      });
      out.met = out.ruralShare >= t.ruralMinShare && out.privateKindergartenShare >= t.privateKindergartenMinShare;
      return out;
    });
  }
}
