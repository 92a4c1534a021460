import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { inTransaction } from '../db/transaction.js';
import { regionLike } from '../db/region-scope.js';
import { ActionStatus, QualificationStatus } from '../entities/enums.js';
import { Evaluation, Institution, Qualification, QualificationAction } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import { qualificationActionResource } from '../resources/training.js';
import { satisfactionStats } from '../rules/c10-satisfaction.js';
import { C11_DEFAULTS, judgePerformance, type C11Thresholds } from '../rules/c11-institution-performance.js';
import { C12_LEVELS, c12Window, institutionsThatRanClasses } from '../rules/c12-inactive-institution.js';
import { LEVEL_ZH } from '../rules/c5-qualification.js';
import { today } from './delivery-shared.js';

@ObjectType({ description: 'C-11: one institution in one subject in the evaluated year' })
export class InstitutionSubjectPerformance {
  @Field(() => ID) institutionId!: number;
  @Field(() => String) subject!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float) average!: number;
  @Field(() => Float) ratePercent!: number;
  @Field(() => Float, { nullable: true }) previousRatePercent!: number | null;
  @Field(() => Int) rank!: number;
  @Field(() => Int) of!: number;
  @Field(() => Boolean) lastPlace!: boolean;
  @Field(() => Boolean) lastPlacePreviousYear!: boolean;
  @Field(() => String, { nullable: true, description: 'C-11 finding, when the subject is to be suspended' }) finding!: string | null;
}

@ObjectType()
export class InstitutionPerformanceResult {
  @Field(() => Int) year!: number;
  @Field(() => [InstitutionSubjectPerformance]) rows!: InstitutionSubjectPerformance[];
  @Field(() => [ID], { description: 'C-12: institutions (holding a municipal/national licence) with no class in the three years' })
  inactiveInstitutionIds!: number[];
  @Field(() => [QualificationAction], { description: 'proposals created by this run (existing open proposals are not repeated)' })
  proposed!: QualificationAction[];
}

/**
 * The C-11 thresholds for a bureau's region: core defaults (70% / 80%, satisfied at 60),
 * or what the region's plugins set as parameters 'C-11.suspendBelow', 'C-11.lastPlaceBelow'
 * and 'C-11.satisfiedScore' (CQ-7).
 */
export function c11ThresholdsFor(regionId: string | undefined, ctx: Context): C11Thresholds {
  if (!regionId) return C11_DEFAULTS;
  const p = <K extends keyof C11Thresholds>(key: K) => ctx.plugins.parameter(regionId, `C-11.${key}`, C11_DEFAULTS[key]);
  return { suspendBelow: p('suspendBelow'), lastPlaceBelow: p('lastPlaceBelow'), satisfiedScore: p('satisfiedScore') };
}

async function propose(
  em: EntityManager,
  institution: Institution,
  q: Qualification,
  fields: { proposedStatus: QualificationStatus; rule: string; reason: string; subject: string | null },
): Promise<QualificationAction | null> {
  const repo = em.getRepository(QualificationAction);
  const open = await repo.exists({ where: { qualificationId: q.id, rule: fields.rule, status: ActionStatus.proposed, ...(fields.subject ? { subject: fields.subject } : {}) } });
  if (open) return null;
  return repo.save(repo.create({
    institutionId: institution.id, qualificationId: q.id, regionId: institution.regionId, status: ActionStatus.proposed,
    proposedAt: new Date(), decidedBy: null, decidedAt: null, decisionReason: null, ...fields, reason: fields.reason.slice(0, 500),
  }));
}

function bureauOnly(actor: Actor) {
  if (actor.role === 'platform') return;
  if (actor.role !== 'bureau' || !actor.regionId) throw forbidden('只有教育行政部门可以办理', 'Only a bureau may do this');
}

@Resolver()
export class InstitutionPerformanceResolver {
  /**
   * The bureau's yearly performance evaluation of the institutions in its region:
   * C-11 (satisfaction) proposes suspending a subject's qualification, C-12 (no class in
   * three years) proposes revoking municipal and national qualifications. Proposals only:
   * nothing changes until decideQualificationAction approves.
   */
  @Mutation(() => InstitutionPerformanceResult, { description: '培训机构绩效评估（C-11, C-12）' })
  async evaluateInstitutionPerformance(@Ctx() ctx: Context, @Arg('year', () => Int) year: number): Promise<InstitutionPerformanceResult> {
    const actor = requireActor(ctx);
    bureauOnly(actor);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput(`年度不合理（实际 ${year}）`, `Implausible year ${year}`, 'year');
    const thresholds = c11ThresholdsFor(actor.regionId, ctx);
    return inTransaction(ctx, async (em) => {
      const iq = em.getRepository(Institution).createQueryBuilder('i');
      if (actor.regionId) iq.where('i.regionId LIKE :rl', { rl: regionLike(actor.regionId) });
      const institutions = await iq.getMany();
      const byId = new Map(institutions.map((i) => [i.id, i]));
      const ids = institutions.map((i) => i.id);
      const quals = ids.length ? await em.getRepository(Qualification).find({ where: { institutionId: In(ids) }, order: { id: 'ASC' } }) : [];
      const proposed: QualificationAction[] = [];

      // C-11
      const stats = (y: number) => satisfactionStats(em.getRepository(Evaluation).createQueryBuilder('r') as never, { institutionIds: ids, year: y }, thresholds.satisfiedScore);
      const judged = judgePerformance(await stats(year), await stats(year - 1), thresholds);
      for (const j of judged) {
        if (!j.violation) continue;
        const inst = byId.get(j.institutionId)!;
        const mine = quals.filter((q) => q.institutionId === j.institutionId);
        for (const q of mine) {
          if (q.status !== QualificationStatus.active || (q.subject !== j.subject && q.subject !== '*')) continue;
          // a '*' licence already suspended for this subject at this level needs nothing more
          if (q.subject === '*' && mine.some((o) => o.level === q.level && o.subject === j.subject && o.status !== QualificationStatus.active)) continue;
          const a = await propose(em, inst, q, {
            proposedStatus: QualificationStatus.suspended, rule: 'C-11', subject: j.subject,
            reason: `${year}年 ${LEVEL_ZH[q.level] ?? q.level}：${j.violation.messageZh}`,
          });
          if (a) proposed.push(a);
        }
      }

      // C-12
      const { from } = c12Window(year);
      const judgedQuals = quals.filter((q) => q.status === QualificationStatus.active && C12_LEVELS.includes(q.level) && q.validFrom <= from);
      const holders = [...new Set(judgedQuals.map((q) => q.institutionId))];
      const ran = await institutionsThatRanClasses(em, holders, year);
      const inactive = holders.filter((id) => !ran.has(id));
      for (const id of inactive) {
        for (const q of judgedQuals.filter((x) => x.institutionId === id)) {
          const a = await propose(em, byId.get(id)!, q, {
            proposedStatus: QualificationStatus.revoked, rule: 'C-12', subject: null,
            reason: `C-12 连续三年（${year - 2}—${year}）未承担培训任务，取消${LEVEL_ZH[q.level] ?? q.level}资质（no class ${year - 2}–${year}: ${q.level} qualification revoked）`,
          });
          if (a) proposed.push(a);
        }
      }

      return Object.assign(new InstitutionPerformanceResult(), {
        year,
        rows: judged.map((j) => Object.assign(new InstitutionSubjectPerformance(), j, { finding: j.violation ? `${j.violation.rule} ${j.violation.messageZh}` : null })),
        inactiveInstitutionIds: inactive,
        proposed,
      });
    });
  }

  /**
   * The bureau over the institution approves (the qualification becomes suspended/revoked,
   * with the reason) or rejects a proposal. C-11 on a '*' licence adds a suspended row for
   * the one subject, leaving the institution's other subjects licensed.
   */
  @Mutation(() => QualificationAction, { description: '审批资质处理建议（C-11, C-12）' })
  async decideQualificationAction(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String) reason: string,
  ): Promise<QualificationAction> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const action = await findScoped(em, qualificationActionResource, actor, id, true);
      bureauOnly(actor);
      const why = (reason ?? '').trim();
      if (!why) throw badInput('请填写审批理由', 'A reason is required', 'reason');
      if (why.length > 500) throw badInput('理由不超过 500 字', 'reason is at most 500 characters', 'reason');
      if (action.status !== ActionStatus.proposed)
        throw new AppError('CONFLICT', `该建议已处理（${action.status}）`, `This proposal was already decided (${action.status})`);
      const now = new Date();
      if (approve) {
        const qRepo = em.getRepository(Qualification);
        const q = await qRepo.findOneByOrFail({ id: action.qualificationId });
        const statusReason = `${action.rule}: ${why}`.slice(0, 255);
        if (q.subject === '*' && action.subject && action.subject !== '*') {
          await qRepo.insert({
            institutionId: q.institutionId, level: q.level, subject: action.subject, validFrom: today(), validTo: null,
            status: action.proposedStatus, statusReason,
          });
        } else {
          await qRepo.update({ id: q.id }, { status: action.proposedStatus, statusReason });
        }
      }
      Object.assign(action, { status: approve ? ActionStatus.approved : ActionStatus.rejected, decidedBy: actor.id, decidedAt: now, decisionReason: why });
      return em.getRepository(QualificationAction).save(action);
    });
  }
}
