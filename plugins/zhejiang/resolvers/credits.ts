// ZJ-13..ZJ-16: a teacher's cycle as Zhejiang counts it (the numbers behind the cycle audit).
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Cycle } from '../../../core/entities/index.js';
import type { Context } from '../../../core/graphql/context.js';
import { forbidden } from '../../../core/graphql/errors.js';
import { findScoped, requireActor, resourceOf } from '../../../core/graphql/resource.js';
import { zhejiangTeacher } from '../forms/teacher.js';
import type { ZhejiangOptions } from '../options.js';
import { auditFindings, creditSummary, SOURCE_ZH } from '../rules/credits.js';

@ObjectType('ZjCreditBucket')
export class ZjCreditBucket {
  @Field(() => String, { description: 'other, school_based, degree, research, trainer, support_teaching, online, principal' }) key!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => Float) raw!: number;
  @Field(() => Float) counted!: number;
  @Field(() => Float, { nullable: true, description: 'ZJ-16 cap per cycle' }) cap!: number | null;
}

@ObjectType('ZjCreditYear')
export class ZjCreditYear {
  @Field(() => Int) year!: number;
  @Field(() => Float) counted!: number;
}

@ObjectType('ZjFinding')
export class ZjFinding {
  @Field(() => String) rule!: string;
  @Field(() => String) messageZh!: string;
  @Field(() => String) messageEn!: string;
  @Field(() => String, { nullable: true }) limit!: string | null;
  @Field(() => String, { nullable: true }) actual!: string | null;
}

@ObjectType('ZjCreditSummary', { description: '浙江：教师周期学分按学分制计入情况（ZJ-13…ZJ-16）' })
export class ZjCreditSummary {
  @Field(() => ID) teacherId!: number;
  @Field(() => ID) cycleId!: number;
  @Field(() => Float, { description: 'every record of the cycle (the core ledger total)' }) raw!: number;
  @Field(() => Float, { description: 'what counts toward the cycle minimum' }) counted!: number;
  @Field(() => Float) required!: number;
  @Field(() => [ZjCreditBucket]) buckets!: ZjCreditBucket[];
  @Field(() => [ZjCreditYear]) byYear!: ZjCreditYear[];
  @Field(() => ID, { nullable: true, description: 'ZJ-14 the class of the concentrated block' }) blockClassId!: number | null;
  @Field(() => Float, { description: 'ZJ-15 probation credits (outside the cycle)' }) probationCredits!: number;
  @Field(() => Float) probationPractice!: number;
  @Field(() => [ZjFinding], { description: 'what the cycle audit would find now' }) findings!: ZjFinding[];
}

@Resolver()
export class ZjCreditResolver {
  @Query(() => ZjCreditSummary, { description: '浙江：教师周期学分计入明细（学分制：周期与年度最低学分、集中培训、试用期、折算与上限）' })
  async zjCreditSummary(
    @Ctx() ctx: Context,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('cycleId', () => ID) cycleId: string,
  ): Promise<ZjCreditSummary> {
    const actor = requireActor(ctx);
    if (actor.role === 'institution' || actor.role === 'expert') throw forbidden('培训机构不能查看教师的学分台账', 'Institutions cannot read a teacher\'s ledger');
    const em = ctx.ds.manager;
    const teacher = await zhejiangTeacher(em, actor, teacherId);
    const cycle = (await findScoped(em, resourceOf(Cycle)!, actor, cycleId)) as Cycle;
    const options = ctx.plugins.get<ZhejiangOptions>('zhejiang')!.options;
    const s = await creditSummary(em, teacher.id, cycle.id, options);
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return Object.assign(new ZjCreditSummary(), {
      teacherId: teacher.id, cycleId: cycle.id, raw: s.raw, counted: s.counted, required: s.required, blockClassId: s.blockClassId,
      probationCredits: s.probation.credits, probationPractice: s.probation.practice,
      buckets: s.buckets.map((b) => Object.assign(new ZjCreditBucket(), { ...b, labelZh: SOURCE_ZH[b.key] ?? b.key })),
      byYear: s.byYear.map((y) => Object.assign(new ZjCreditYear(), y)),
      findings: auditFindings(s, options).map((v) => Object.assign(new ZjFinding(), { ...v, limit: str(v.limit), actual: str(v.actual) })),
    });
  }
}
