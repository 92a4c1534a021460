import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { Not } from 'typeorm';
import type { Actor } from '../../../core/auth/actor.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { BackboneLevel } from '../../../core/entities/enums.js';
import { Teacher } from '../../../core/entities/index.js';
import type { Context } from '../../../core/graphql/context.js';
import { badInput, forbidden, RuleViolations } from '../../../core/graphql/errors.js';
import { findScoped, lockRows, requireActor } from '../../../core/graphql/resource.js';
import type { Violation } from '../../../core/plugin-host/types.js';
import {
  conflict, isDistrictFor, isMunicipal, isSchoolOf, LEVEL_ZH, LEVELS, optionsOf, requireMunicipal, teacherLookup,
} from '../backbone/access.js';
import { consecutivePasses, designationUntil, renewalViolations } from '../backbone/cycle.js';
import { setTeacherBackboneLevel } from '../backbone/teacher-level.js';
import { CqBackboneAssessment, CqBackboneDesignation, CqBackboneQuota, CqBackboneTraining } from '../entities/index.js';
import type { ChongqingOptions } from '../options.js';
import { PLUGIN } from '../options.js';
import { ageOn, chinaToday } from '../rules/dates.js';
import { designationResource, trainingResource } from '../resources/index.js';

/**
 * BB-2 designation pipeline (001 §一(一)-(三)), one mutation per step, each a conditional
 * move from the status before it:
 *   cqRecommendBackbone            school admin      → recommended        (school's quota)
 *   cqReviewBackboneRecommendation district bureau   → district_approved  (district's quota) | rejected
 *   cqReviewBackboneExpert         municipal bureau  → trainee                               | rejected
 *   cqCompleteBackboneTraining     municipal / base  → trained            (BB-3)             | rejected
 *   cqApproveBackboneDesignation   municipal bureau  → designated         (BB-1 level set)   | rejected
 *   cqRevokeBackboneDesignation    municipal bureau  → revoked            (BB-6, reason)
 *   cqRenewBackboneDesignation     municipal bureau  → a new trainee designation (BB-6, 5 passes)
 * Refusals over quota are RULE_VIOLATION BB-2 with the quota as limit and the count with
 * this one as actual.
 */
const OPEN = ['recommended', 'district_approved', 'trainee', 'trained', 'designated'];

const STATUS_ZH: Record<string, string> = {
  recommended: '已推荐', district_approved: '区县初审通过', trainee: '培训对象', trained: '培训考核合格',
  designated: '已认定', rejected: '未通过', revoked: '已撤销',
};

function needStatus(d: CqBackboneDesignation, status: string, zh: string, en: string) {
  if (d.status !== status)
    throw conflict(`当前状态为「${STATUS_ZH[d.status] ?? d.status}」，不能${zh}`, `Cannot ${en}: the designation is ${d.status}`, { status: d.status, allowed: [status] });
}

function needReason(reason: string | null | undefined, zh: string, en: string): string {
  const r = reason?.trim();
  if (!r) throw badInput(zh, en, 'reason');
  if (r.length > 500) throw badInput('理由不得超过500字', 'The reason must be at most 500 characters', 'reason');
  return r;
}

function levelOf(level: string): 'national' | 'municipal' {
  if (!(LEVELS as readonly string[]).includes(level))
    throw badInput('骨干教师认定级别须为国家级或市级（national、municipal）', 'level must be national or municipal', 'level');
  return level as 'national' | 'municipal';
}

/** The quota row, locked on MariaDB so concurrent counts against it run one after the other. */
async function lockedQuota(em: EntityManager, key: string): Promise<number> {
  const qb = em.getRepository(CqBackboneQuota).createQueryBuilder('r').where('r.quotaKey = :key', { key });
  lockRows(em, qb as unknown as SelectQueryBuilder<ObjectLiteral>);
  return (await qb.getOne())?.quota ?? 0;
}

function quotaViolation(kind: 'school' | 'district', year: number, level: string, quota: number, actual: number): Violation {
  const zh = kind === 'school' ? '学校推荐' : '区县初审通过';
  return {
    rule: 'BB-2',
    messageZh: `${zh}的${year}年${LEVEL_ZH[level]}骨干教师人数不得超过分配名额（实际 ${actual} > ${quota}）`,
    messageEn: `${kind === 'school' ? 'school recommendations' : 'district approvals'} of ${level} backbone teachers for ${year}: ${actual} > quota ${quota}`,
    limit: quota,
    actual,
    field: 'quota',
  };
}

async function load(em: EntityManager, actor: Actor, id: string | number): Promise<CqBackboneDesignation> {
  return findScoped(em, designationResource, actor, id, true);
}

const reload = (em: EntityManager, id: number) => em.getRepository(CqBackboneDesignation).findOneByOrFail({ id });

@Resolver(() => CqBackboneDesignation)
export class CqDesignationResolver {
  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-2：学校推荐国家级、市级骨干教师培训对象（不得超过学校名额）' })
  async cqRecommendBackbone(
    @Ctx() ctx: Context,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('level', () => String) level: string,
    @Arg('year', () => Int) year: number,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    const lvl = levelOf(level);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('年度不合法', 'year is out of range', 'year');
    return inTransaction(ctx, async (em) => {
      const teacher = await findScoped(em, teacherLookup, actor, teacherId);
      if (!isSchoolOf(actor, teacher.schoolId)) throw forbidden('只有教师任职学校可以推荐', "Only the teacher's school may recommend");
      if (!ctx.plugins.governs(PLUGIN, teacher.regionId))
        throw badInput('该教师不在重庆市', 'The teacher is not in Chongqing', 'teacherId');
      const open = await em.getRepository(CqBackboneDesignation).findOne({ where: OPEN.map((status) => ({ teacherId: teacher.id, status })) });
      if (open)
        throw conflict(`该教师已有进行中的骨干教师认定（${open.id}，${STATUS_ZH[open.status]}）`, `The teacher already has an open designation (${open.id}, ${open.status})`,
          { designationId: String(open.id) });
      const quota = await lockedQuota(em, `${year}:${lvl}:${teacher.regionId}:${teacher.schoolId}`);
      const used = await em.getRepository(CqBackboneDesignation).count({ where: { schoolId: teacher.schoolId, year, level: lvl, status: Not('rejected') } });
      if (used + 1 > quota) throw new RuleViolations([quotaViolation('school', year, lvl, quota, used + 1)]);
      const repo = em.getRepository(CqBackboneDesignation);
      return repo.save(repo.create({
        teacherId: teacher.id, schoolId: teacher.schoolId, regionId: teacher.regionId, level: lvl, year, subject: teacher.subject,
        status: 'recommended', recommendedBy: actor.id, recommendedAt: new Date(), recommendReason: reason?.trim() || null,
        districtBy: null, districtApprovedAt: null, expertBy: null, expertApprovedAt: null, approvedBy: null, approvedAt: null,
        designatedFrom: null, designatedUntil: null, rejectedStep: null, rejectReason: null, revokedBy: null, revokedOn: null,
        revokeReason: null, previousDesignationId: null,
      }));
    });
  }

  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-2：区县初审（不得超过区县名额）；驳回须说明理由' })
  async cqReviewBackboneRecommendation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const d = await load(em, actor, id);
      if (!isDistrictFor(actor, d.regionId)) throw forbidden('区县初审由所在区县教育行政部门办理', "The preliminary review is the district bureau's");
      needStatus(d, 'recommended', '区县初审', 'review at the district');
      const repo = em.getRepository(CqBackboneDesignation);
      if (!approve) {
        const why = needReason(reason, '驳回须说明理由', 'A refusal needs a reason');
        await repo.update({ id: d.id }, { status: 'rejected', rejectedStep: 'district', rejectReason: why, districtBy: actor.id });
        return reload(em, d.id);
      }
      // The district's quota counts every district approval of the year and level, whatever happened to it later.
      const quota = await lockedQuota(em, `${d.year}:${d.level}:${d.regionId}:-`);
      const used = await repo.createQueryBuilder('r')
        .where('r.regionId = :region AND r.year = :year AND r.level = :level AND r.districtApprovedAt IS NOT NULL', { region: d.regionId, year: d.year, level: d.level })
        .getCount();
      if (used + 1 > quota) throw new RuleViolations([quotaViolation('district', d.year, d.level, quota, used + 1)]);
      await repo.update({ id: d.id }, { status: 'district_approved', districtBy: actor.id, districtApprovedAt: new Date() });
      return reload(em, d.id);
    });
  }

  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-2：市教委组织专家评审，合格者确定为培训对象' })
  async cqReviewBackboneExpert(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    requireMunicipal(actor);
    return inTransaction(ctx, async (em) => {
      const d = await load(em, actor, id);
      needStatus(d, 'district_approved', '专家评审', 'run the expert review');
      const repo = em.getRepository(CqBackboneDesignation);
      if (!approve) {
        const why = needReason(reason, '驳回须说明理由', 'A refusal needs a reason');
        await repo.update({ id: d.id }, { status: 'rejected', rejectedStep: 'expert', rejectReason: why, expertBy: actor.id });
      } else await repo.update({ id: d.id }, { status: 'trainee', expertBy: actor.id, expertApprovedAt: new Date() });
      return reload(em, d.id);
    });
  }

  @Mutation(() => CqBackboneTraining, { description: '重庆 BB-3：培训考核（集中培训、教学实践月数与双导师须达到要求方可合格）' })
  async cqCompleteBackboneTraining(
    @Ctx() ctx: Context,
    @Arg('trainingId', () => ID) trainingId: string,
    @Arg('passed', () => Boolean) passed: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<CqBackboneTraining> {
    const actor = requireActor(ctx);
    const o = optionsOf(ctx);
    return inTransaction(ctx, async (em) => {
      const t = await findScoped(em, trainingResource, actor, trainingId, true);
      if (!isMunicipal(actor) && !(actor.role === 'institution' && Number(actor.institutionId) === Number(t.baseInstitutionId)))
        throw forbidden('培训考核由培训基地或市教委办理', 'The training base or the municipal commission assesses the training');
      if (t.result) throw conflict('该培训已考核', 'The training is already assessed', { result: t.result });
      const d = await em.getRepository(CqBackboneDesignation).findOneByOrFail({ id: t.designationId });
      needStatus(d, 'trainee', '培训考核', 'assess the training');
      const training = em.getRepository(CqBackboneTraining);
      const now = new Date();
      if (!passed) {
        const why = needReason(reason, '不合格须说明理由', 'A fail needs a reason');
        await training.update({ id: t.id }, { result: 'fail', resultBy: actor.id, resultAt: now, resultReason: why });
        await em.getRepository(CqBackboneDesignation).update({ id: d.id }, { status: 'rejected', rejectedStep: 'training', rejectReason: why });
        return training.findOneByOrFail({ id: t.id });
      }
      throwIfAny(trainingViolations(t, o));
      await training.update({ id: t.id }, { result: 'pass', resultBy: actor.id, resultAt: now, resultReason: reason?.trim() || null });
      await em.getRepository(CqBackboneDesignation).update({ id: d.id }, { status: 'trained' });
      return training.findOneByOrFail({ id: t.id });
    });
  }

  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-2：培训考核合格后审批认定（设置教师骨干级别）；驳回须说明理由' })
  async cqApproveBackboneDesignation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
    @Arg('designatedFrom', () => String, { nullable: true, description: 'YYYY-MM-DD, default today' }) designatedFrom?: string,
  ): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    requireMunicipal(actor);
    const o = optionsOf(ctx);
    if (designatedFrom !== undefined && designatedFrom !== null && !/^\d{4}-\d{2}-\d{2}$/.test(designatedFrom))
      throw badInput('认定日期格式须为 YYYY-MM-DD', 'designatedFrom must be YYYY-MM-DD', 'designatedFrom');
    return inTransaction(ctx, async (em) => {
      const d = await load(em, actor, id);
      needStatus(d, 'trained', '审批认定', 'approve the designation');
      const repo = em.getRepository(CqBackboneDesignation);
      if (!approve) {
        const why = needReason(reason, '驳回须说明理由', 'A refusal needs a reason');
        await repo.update({ id: d.id }, { status: 'rejected', rejectedStep: 'approval', rejectReason: why, approvedBy: actor.id, approvedAt: new Date() });
        return reload(em, d.id);
      }
      const from = designatedFrom || chinaToday();
      await repo.update({ id: d.id }, {
        status: 'designated', approvedBy: actor.id, approvedAt: new Date(), designatedFrom: from, designatedUntil: designationUntil(from, o.backbone.cycleYears),
      });
      await setTeacherBackboneLevel(em, d.teacherId, d.level as BackboneLevel, actor.id);
      return reload(em, d.id);
    });
  }

  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-6：不能履行职责或弄虚作假者取消骨干教师资格（须说明理由）' })
  async cqRevokeBackboneDesignation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('revokedOn', () => String, { nullable: true, description: 'YYYY-MM-DD, default today' }) revokedOn?: string,
  ): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    requireMunicipal(actor);
    const why = needReason(reason, '取消资格须说明理由', 'A revocation needs a reason');
    if (revokedOn !== undefined && revokedOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(revokedOn))
      throw badInput('日期格式须为 YYYY-MM-DD', 'revokedOn must be YYYY-MM-DD', 'revokedOn');
    return inTransaction(ctx, async (em) => {
      const d = await load(em, actor, id);
      needStatus(d, 'designated', '取消资格', 'revoke');
      await em.getRepository(CqBackboneDesignation).update({ id: d.id }, { status: 'revoked', revokedBy: actor.id, revokedOn: revokedOn || chinaToday(), revokeReason: why });
      const other = await em.getRepository(CqBackboneDesignation).findOne({ where: { teacherId: d.teacherId, status: 'designated', id: Not(d.id) } });
      await setTeacherBackboneLevel(em, d.teacherId, (other?.level as BackboneLevel | undefined) ?? BackboneLevel.none, actor.id);
      return reload(em, d.id);
    });
  }

  @Mutation(() => CqBackboneDesignation, { description: '重庆 BB-6：连续五年考核合格者直接确定为下一周期相应层次骨干教师培训对象' })
  async cqRenewBackboneDesignation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<CqBackboneDesignation> {
    const actor = requireActor(ctx);
    requireMunicipal(actor);
    const o = optionsOf(ctx);
    return inTransaction(ctx, async (em) => {
      const d = await load(em, actor, id);
      needStatus(d, 'designated', '确定下一周期培训对象', 'renew');
      const next = await em.getRepository(CqBackboneDesignation).findOne({ where: { previousDesignationId: d.id } });
      if (next) throw conflict(`已确定为下一周期培训对象（${next.id}）`, `Already renewed (${next.id})`, { designationId: String(next.id) });
      const assessments = await em.getRepository(CqBackboneAssessment).find({ where: { designationId: d.id } });
      const teacher = await em.getRepository(Teacher).findOneByOrFail({ id: d.teacherId });
      const today = chinaToday();
      const age = o.backbone.nextCycleMaxAge === null ? null : ageOn(teacher.birthDate, today);
      throwIfAny(renewalViolations(consecutivePasses(assessments), o.backbone.nextCyclePasses, age, o.backbone.nextCycleMaxAge));
      const repo = em.getRepository(CqBackboneDesignation);
      const now = new Date();
      return repo.save(repo.create({
        teacherId: d.teacherId, schoolId: teacher.schoolId, regionId: teacher.regionId, level: d.level, year: Number(today.slice(0, 4)),
        subject: teacher.subject, status: 'trainee', recommendedBy: actor.id, recommendedAt: now,
        recommendReason: `BB-6 连续${o.backbone.nextCyclePasses}年考核合格，直接确定为下一周期培训对象`,
        districtBy: null, districtApprovedAt: null, expertBy: actor.id, expertApprovedAt: now, approvedBy: null, approvedAt: null,
        designatedFrom: null, designatedUntil: null, rejectedStep: null, rejectReason: null, revokedBy: null, revokedOn: null,
        revokeReason: null, previousDesignationId: d.id,
      }));
    });
  }

  // BB-6, computed for every designation.
  @FieldResolver(() => Int, { description: 'BB-6 连续考核合格年数（从最近一次考核往前数）' })
  async consecutivePasses(@Root() d: CqBackboneDesignation, @Ctx() ctx: Context): Promise<number> {
    return consecutivePasses(await ctx.loaders.many(CqBackboneAssessment, 'designationId').load(d.id));
  }

  @FieldResolver(() => Boolean, { description: 'BB-6 连续三年合格：可申报重庆市教育教学专家和学科带头人评审' })
  async eligibleForLeaderReview(@Root() d: CqBackboneDesignation, @Ctx() ctx: Context): Promise<boolean> {
    const passes = consecutivePasses(await ctx.loaders.many(CqBackboneAssessment, 'designationId').load(d.id));
    return d.status === 'designated' && passes >= optionsOf(ctx).backbone.leaderReviewPasses;
  }

  @FieldResolver(() => Boolean, { description: 'BB-6 连续五年合格（且年龄符合要求）：直接确定为下一周期培训对象的候选' })
  async nextCycleCandidate(@Root() d: CqBackboneDesignation, @Ctx() ctx: Context): Promise<boolean> {
    if (d.status !== 'designated') return false;
    const o = optionsOf(ctx).backbone;
    const passes = consecutivePasses(await ctx.loaders.many(CqBackboneAssessment, 'designationId').load(d.id));
    let age: number | null = null;
    if (o.nextCycleMaxAge !== null) {
      const teacher = await ctx.loaders.one(Teacher).load(d.teacherId);
      age = teacher ? ageOn(teacher.birthDate, chinaToday()) : null;
    }
    return renewalViolations(passes, o.nextCyclePasses, age, o.nextCycleMaxAge).length === 0;
  }
}

/** BB-3 (001 §二): national 3 months centralized + 9 months practice, municipal 1.5 + 6, two mentors. */
export function trainingViolations(t: Pick<CqBackboneTraining, 'level' | 'centralizedMonths' | 'practiceMonths' | 'mentorBase' | 'mentorPractice'>, o: ChongqingOptions): Violation[] {
  const out: Violation[] = [];
  const need = t.level === 'national' ? o.backbone.training.national : o.backbone.training.municipal;
  const lz = LEVEL_ZH[t.level] ?? t.level;
  if (Number(t.centralizedMonths) < need.centralizedMonths)
    out.push({
      rule: 'BB-3', messageZh: `${lz}骨干教师培训对象集中培训不少于${need.centralizedMonths}个月（实际 ${Number(t.centralizedMonths)} < ${need.centralizedMonths}）`,
      messageEn: `${t.level} centralized training ${Number(t.centralizedMonths)} months < ${need.centralizedMonths}`,
      limit: need.centralizedMonths, actual: Number(t.centralizedMonths), field: 'centralizedMonths',
    });
  if (Number(t.practiceMonths) < need.practiceMonths)
    out.push({
      rule: 'BB-3', messageZh: `${lz}骨干教师培训对象教学实践不少于${need.practiceMonths}个月（实际 ${Number(t.practiceMonths)} < ${need.practiceMonths}）`,
      messageEn: `${t.level} teaching practice ${Number(t.practiceMonths)} months < ${need.practiceMonths}`,
      limit: need.practiceMonths, actual: Number(t.practiceMonths), field: 'practiceMonths',
    });
  const mentors = new Set([t.mentorBase, t.mentorPractice].map((m) => m?.trim()).filter((m): m is string => !!m)).size;
  if (mentors < o.backbone.training.mentors)
    out.push({
      rule: 'BB-3', messageZh: `培训实行双导师制，须有${o.backbone.training.mentors}名导师（实际 ${mentors} < ${o.backbone.training.mentors}）`,
      messageEn: `the training needs ${o.backbone.training.mentors} mentors (${mentors} named)`,
      limit: o.backbone.training.mentors, actual: mentors, field: 'mentorPractice',
    });
  return out;
}

function throwIfAny(v: Violation[]) {
  if (v.length) throw new RuleViolations(v);
}
