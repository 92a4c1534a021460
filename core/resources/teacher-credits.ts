import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Float, ID, Resolver, Root } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CreditRecord, Cycle, Teacher } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import type { Loaders } from '../graphql/loaders.js';
import { preloadInLists } from '../graphql/list-plan.js';
import { requireActor } from '../graphql/resource.js';
import { creditRecordResource } from './training.js';

/**
 * `Teacher.cycleCredits(cycleId)`: the teacher's credits in a cycle (C-2 ledger total,
 * corrections included), for lists such as the console's teacher list. One batched
 * aggregate per request and cycle, whatever the page size:
 * `SELECT teacherId, SUM(credits) … WHERE cycleId = ? AND teacherId IN (…) GROUP BY teacherId`,
 * with the credit records' own read scope in the same statement. Without `cycleId` it is the
 * cycle containing the current year (joined in the same statement, no extra query).
 *
 * Who may read a ledger (core/workflow/cycle-audit.ts teacherLedger): the teacher, their
 * school, bureaus over them, the platform; for anyone else (a training institution, an
 * expert) the field is null.
 */
const LEDGER_READERS = new Set(['platform', 'bureau', 'school', 'teacher']);
const MAX_BATCH = 1000;

/** Per-request loaders, one per cycle argument; keyed on the request's Loaders object. */
const perRequest = new WeakMap<Loaders, Map<string, DataLoader<number, number>>>();

function loaderFor(ctx: Context, cycleId: string | null): DataLoader<number, number> {
  let byCycle = perRequest.get(ctx.loaders);
  if (!byCycle) perRequest.set(ctx.loaders, (byCycle = new Map()));
  const key = cycleId ?? 'current';
  let loader = byCycle.get(key);
  if (!loader) {
    const actor = requireActor(ctx);
    loader = new DataLoader<number, number>(
      async (teacherIds) => {
        const qb = ctx.ds
          .getRepository(CreditRecord)
          .createQueryBuilder('r')
          .select('r.teacherId', 'teacherId')
          .addSelect('SUM(r.credits)', 'credits')
          .where('r.teacherId IN (:...creditTeacherIds)', { creditTeacherIds: [...teacherIds] })
          .groupBy('r.teacherId');
        if (cycleId !== null) qb.andWhere('r.cycleId = :creditCycleId', { creditCycleId: cycleId });
        else {
          const year = new Date().getUTCFullYear();
          qb.innerJoin(Cycle, 'cy', 'cy.id = r.cycleId AND cy.startYear <= :creditYear AND cy.endYear >= :creditYear', { creditYear: year });
        }
        creditRecordResource.scope(qb as unknown as SelectQueryBuilder<ObjectLiteral>, actor);
        const rows = await qb.getRawMany<{ teacherId: number | string; credits: number | string | null }>();
        const sums = new Map(rows.map((r) => [Number(r.teacherId), round(r.credits)]));
        return teacherIds.map((id) => sums.get(Number(id)) ?? 0);
      },
      { maxBatchSize: MAX_BATCH, cacheKeyFn: (id) => Number(id) },
    );
    byCycle.set(key, loader);
  }
  return loader;
}

const round = (credits: unknown) => Math.round(Number(credits ?? 0) * 10) / 10;

/**
 * A list of teachers asking for `cycleCredits` reads the sums in its own statement, as a
 * correlated subquery with the same conditions as the loader (cycle, the credit records' read
 * scope, null for roles that may not read ledgers): no statement of its own.
 */
preloadInLists(Teacher, 'cycleCredits', {
  needs: ['id'],
  select: (qb, args, ctx) => {
    const actor = ctx.actor;
    if (!actor || !LEDGER_READERS.has(actor.role)) return null;
    const sub = qb.subQuery().select('COALESCE(SUM(lcr.credits), 0)').from(CreditRecord, 'lcr').where('lcr.teacherId = r.id');
    const cycleId = (args.cycleId as string | null | undefined) ?? null;
    if (cycleId !== null) sub.andWhere('lcr.cycleId = :creditCycleId', { creditCycleId: cycleId });
    else
      sub.andWhere('lcr.cycleId IN (SELECT lcy.id FROM cycle lcy WHERE lcy.startYear <= :creditYear AND lcy.endYear >= :creditYear)', {
        creditYear: new Date().getUTCFullYear(),
      });
    creditRecordResource.scope(sub as unknown as SelectQueryBuilder<ObjectLiteral>, actor, 'lcr');
    return { sql: sub.getQuery(), params: sub.getParameters() };
  },
  value: round,
});

@Resolver(() => Teacher)
export class TeacherCreditsResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description: '周期学分合计（含更正）；不传 cycleId 为当前周期。培训机构和专家不可见（null）',
  })
  async cycleCredits(
    @Root() teacher: Teacher,
    @Ctx() ctx: Context,
    @Arg('cycleId', () => ID, { nullable: true }) cycleId?: string | null,
  ): Promise<number | null> {
    const actor = requireActor(ctx);
    if (!LEDGER_READERS.has(actor.role)) return null;
    return loaderFor(ctx, cycleId ?? null).load(teacher.id);
  }
}
