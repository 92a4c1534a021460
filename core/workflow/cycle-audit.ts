import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../db/transaction.js';
import { CreditRecord, CycleAudit } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import { cycleResource } from '../resources/reference.js';
import { teacherResource } from '../resources/teacher.js';
import { auditPasses, ledgerTotals } from '../rules/c13-cycle-audit.js';
import { findingIdsIn } from './cycle-audit-findings.js';
import { requireRole } from './delivery-shared.js';

@ObjectType()
export class LedgerYear {
  @Field(() => Int) year!: number;
  @Field(() => Float) credits!: number;
  @Field(() => Float) hours!: number;
}

@ObjectType({ description: "A teacher's credit ledger for one five-year cycle (C-2), corrections summed in (C-14)" })
export class TeacherLedger {
  @Field(() => ID) teacherId!: number;
  @Field(() => ID) cycleId!: number;
  @Field(() => String) cycleName!: string;
  @Field(() => Int) startYear!: number;
  @Field(() => Int) endYear!: number;
  @Field(() => Float) totalCredits!: number;
  @Field(() => Float) totalHours!: number;
  @Field(() => [LedgerYear], { description: 'every year of the cycle, zeros included' }) byYear!: LedgerYear[];
  @Field(() => [CreditRecord]) records!: CreditRecord[];
}

@Resolver()
export class CycleAuditResolver {
  /** The ledger: the teacher, their school and bureaus over them may read it; not a training institution. */
  @Query(() => TeacherLedger, { description: '教师周期学分台账' })
  async teacherLedger(
    @Ctx() ctx: Context,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('cycleId', () => ID) cycleId: string,
  ): Promise<TeacherLedger> {
    const actor = requireActor(ctx);
    const em = ctx.ds.manager;
    const teacher = await findScoped(em, teacherResource, actor, teacherId);
    requireRole(actor, ['teacher', 'school', 'bureau'], '培训机构不能查看教师的学分台账', 'A training institution cannot read a teacher\'s ledger');
    const cycle = await findScoped(em, cycleResource, actor, cycleId);
    const totals = await ledgerTotals(em, teacher.id, cycle);
    const records = await em.getRepository(CreditRecord).find({ where: { teacherId: teacher.id, cycleId: cycle.id }, order: { year: 'ASC', id: 'ASC' } });
    return Object.assign(new TeacherLedger(), {
      teacherId: teacher.id, cycleId: cycle.id, cycleName: cycle.name, startYear: cycle.startYear, endYear: cycle.endYear, ...totals, records,
    });
  }

  /**
   * C-13: audits a teacher's cycle and keeps the result. Findings come from the plugins at
   * 'cycle.audit'; the core has no minimum of its own, so with no plugin the audit passes
   * when there are no findings (see core/rules/c13-cycle-audit.ts).
   */
  @Mutation(() => CycleAudit, { description: '教师周期学分审核（C-13）' })
  async runCycleAudit(
    @Ctx() ctx: Context,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('cycleId', () => ID) cycleId: string,
  ): Promise<CycleAudit> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const teacher = await findScoped(em, teacherResource, actor, teacherId);
      requireRole(actor, ['school', 'bureau'], '学分审核由学校或教育行政部门办理', 'Credit audits are run by the school or a bureau');
      const cycle = await findScoped(em, cycleResource, actor, cycleId);
      const totals = await ledgerTotals(em, teacher.id, cycle);
      const byYear = Object.fromEntries(totals.byYear.map((y) => [y.year, y.credits])) as Record<number, number>;
      const findings = await ctx.plugins.check(
        'cycle.audit', { teacherId: teacher.id, cycleId: cycle.id, totalCredits: totals.totalCredits, byYear }, teacher.regionId, em, actor,
      );
      const [findingIds] = await findingIdsIn(em).lists([findings]);
      const repo = em.getRepository(CycleAudit);
      return repo.save(repo.create({
        teacherId: teacher.id, cycleId: cycle.id, regionId: teacher.regionId, totalCredits: totals.totalCredits,
        passed: auditPasses(findings), findingIds, ranBy: actor.id, ranAt: new Date(),
      }));
    });
  }
}
