import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { mutationStore } from '../audit/store.js';
import { inRegion, regionLike } from '../db/region-scope.js';
import { inTransaction } from '../db/transaction.js';
import { CreditRecord, CycleAudit, Region, Teacher, type Cycle } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { LedgerLine, Violation } from '../plugin-host/types.js';
import { cycleResource } from '../resources/reference.js';
import { auditPasses, totalsFromYears } from '../rules/c13-cycle-audit.js';

/**
 * C-13 for a whole region at once (a province's annual or cycle audit): the same result per
 * teacher as `runCycleAudit`, one CycleAudit row each, for every teacher whose region lies in
 * the region's subtree.
 *
 * Teachers are taken in id order, `chunk` at a time. For each chunk the ledger is read once,
 * aggregated in the database (GROUP BY teacher, year and source; class credits and
 * corrections item by item, see `ledgerLines`), the plugins' 'cycle.audit' checks run on the
 * whole chunk (their `batch` form when they have one, PluginRuntime.checkMany) and the rows are
 * written with one multi-row INSERT in one transaction. The next chunk is read while this one is
 * checked and written. Memory holds one or two chunks whatever the region's size.
 *
 * Each chunk commits on its own: a failure part-way leaves complete audits of the teachers
 * before it (each row stands alone, as a rerun of runCycleAudit would) and none of the rest.
 */
export const REGION_AUDIT_CHUNK = 2000;

export interface RegionAuditReport {
  teachers: number;
  passed: number;
  failed: number;
  chunks: number;
}

interface Chunk {
  teachers: { id: number; regionId: string }[];
  lines: Map<number, LedgerLine[]>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The ledger lines of `teacherIds` in a cycle: plain records (no class, not a correction, not
 * corrected) summed per teacher, year and source (id < 0); the others one by one. Netting
 * corrections over these lines gives the same sums per root as over the records themselves.
 */
export async function ledgerLines(em: EntityManager, cycleId: number, teacherIds: number[]): Promise<Map<number, LedgerLine[]>> {
  const out = new Map<number, LedgerLine[]>();
  if (!teacherIds.length) return out;
  const rows = await em
    .getRepository(CreditRecord)
    .createQueryBuilder('c')
    .select('c.teacherId', 'teacherId')
    .addSelect('c.year', 'year')
    .addSelect('c.source', 'source')
    .addSelect('CASE WHEN c.classId IS NULL AND c.correctsId IS NULL THEN 0 ELSE c.id END', 'item')
    .addSelect('MIN(c.classId)', 'classId')
    .addSelect('MIN(c.correctsId)', 'correctsId')
    .addSelect('SUM(c.credits)', 'credits')
    .addSelect('SUM(c.hours)', 'hours')
    .where('c.cycleId = :cycleId', { cycleId })
    .andWhere('c.teacherId IN (:...ledgerTeachers)', { ledgerTeachers: teacherIds })
    .groupBy('c.teacherId')
    .addGroupBy('c.year')
    .addGroupBy('c.source')
    .addGroupBy('item')
    .getRawMany<Record<string, unknown>>();
  let synthetic = 0;
  const items = new Set<number>();
  const corrected = new Set<number>();
  for (const r of rows) {
    const teacherId = Number(r.teacherId);
    const item = Number(r.item);
    const line: LedgerLine = {
      id: item || --synthetic,
      year: Number(r.year),
      source: String(r.source),
      credits: Number(r.credits),
      hours: Number(r.hours),
      classId: num(r.classId),
      correctsId: num(r.correctsId),
    };
    if (item) items.add(item);
    if (line.correctsId) corrected.add(line.correctsId);
    (out.get(teacherId) ?? out.set(teacherId, []).get(teacherId)!).push(line);
  }
  // A plain record that a correction points at is taken out of its sum and listed itself.
  const folded = [...corrected].filter((id) => !items.has(id));
  if (folded.length) {
    const targets = await em.getRepository(CreditRecord).find({
      where: folded.map((id) => ({ id, cycleId })),
      select: { id: true, teacherId: true, year: true, source: true, credits: true, hours: true, classId: true, correctsId: true },
    });
    for (const t of targets) {
      const lines = out.get(t.teacherId);
      const sum = lines?.find((l) => l.id < 0 && l.year === t.year && l.source === t.source);
      if (!lines || !sum) continue;
      sum.credits -= Number(t.credits);
      sum.hours -= Number(t.hours);
      lines.push({ id: t.id, year: t.year, source: t.source, credits: Number(t.credits), hours: Number(t.hours), classId: t.classId, correctsId: t.correctsId });
    }
  }
  for (const lines of out.values()) lines.sort((a, b) => (a.id < 0 ? 0 : a.id) - (b.id < 0 ? 0 : b.id));
  return out;
}

async function readChunk(ds: DataSource, regionId: string, cycleId: number, after: number, size: number, timings: Record<string, number>): Promise<Chunk> {
  const t0 = performance.now();
  const teachers = (
    await ds
      .getRepository(Teacher)
      .createQueryBuilder('t')
      .select(['t.id', 't.regionId'])
      .where('t.regionId LIKE :auditRegion', { auditRegion: regionLike(regionId) })
      .andWhere('t.id > :after', { after })
      .orderBy('t.id', 'ASC')
      .limit(size)
      .getMany()
  ).map((t) => ({ id: t.id, regionId: t.regionId }));
  const t1 = performance.now();
  const lines = await ledgerLines(ds.manager, cycleId, teachers.map((t) => t.id));
  timings.readTeachers = (timings.readTeachers ?? 0) + t1 - t0;
  timings.readLedger = (timings.readLedger ?? 0) + performance.now() - t1;
  return { teachers, lines };
}

/** C-13 for every teacher in `regionId`'s subtree; see the file's comment. */
export async function runCycleAuditForRegion(
  ds: DataSource,
  plugins: PluginRuntime,
  regionId: string,
  cycle: Cycle,
  actor: Actor,
  opts: { chunk?: number; onChunk?: (done: number) => void; timings?: Record<string, number> } = {},
): Promise<RegionAuditReport> {
  const timings = opts.timings ?? {};
  const lap = (phase: string, t0: number) => void (timings[phase] = (timings[phase] ?? 0) + performance.now() - t0);
  const size = opts.chunk ?? REGION_AUDIT_CHUNK;
  const report: RegionAuditReport = { teachers: 0, passed: 0, failed: 0, chunks: 0 };
  let next: Promise<Chunk> | null = readChunk(ds, regionId, cycle.id, 0, size, timings);
  while (next) {
    let t = performance.now();
    const chunk: Chunk = await next;
    lap('waitRead', t);
    t = performance.now();
    if (!chunk.teachers.length) break;
    // Read ahead: the next chunk's ledger while this one is checked and written.
    next = chunk.teachers.length < size ? null : readChunk(ds, regionId, cycle.id, chunk.teachers[chunk.teachers.length - 1]!.id, size, timings);
    next?.catch(() => undefined);

    const items = chunk.teachers.map((t) => {
      const lines = chunk.lines.get(t.id) ?? [];
      const perYear = new Map<number, { year: number; credits: number; hours: number }>();
      for (const l of lines) {
        const y = perYear.get(l.year) ?? perYear.set(l.year, { year: l.year, credits: 0, hours: 0 }).get(l.year)!;
        y.credits += l.credits;
        y.hours += l.hours;
      }
      const totals = totalsFromYears([...perYear.values()], cycle);
      const byYear = Object.fromEntries(totals.byYear.map((y) => [y.year, y.credits])) as Record<number, number>;
      return { regionId: t.regionId, totals, input: { teacherId: t.id, cycleId: cycle.id, totalCredits: totals.totalCredits, byYear, ledger: lines } };
    });
    lap('totals', t);
    t = performance.now();
    const findings: Violation[][] = await plugins.checkMany('cycle.audit', items, ds.manager, actor);
    lap('rules', t);
    t = performance.now();
    const ranAt = new Date();
    const rows = items.map((it, i) => {
      const passed = auditPasses(findings[i]!);
      if (passed) report.passed++;
      else report.failed++;
      return {
        teacherId: it.input.teacherId, cycleId: cycle.id, regionId: it.regionId, totalCredits: it.totals.totalCredits, passed,
        findings: JSON.stringify(findings[i]), ranBy: actor.id, ranAt,
      };
    });
    lap('rows', t);
    t = performance.now();
    await inTransaction(ds, (em) =>
      em.createQueryBuilder().insert().into(CycleAudit).values(rows).callListeners(false).updateEntity(false).execute(),
    );
    lap('write', t);
    report.teachers += rows.length;
    report.chunks++;
    opts.onChunk?.(report.teachers);
  }
  return report;
}

@ObjectType({ description: 'A region-wide cycle audit (C-13): one CycleAudit row per teacher of the region' })
export class RegionCycleAuditResult {
  @Field(() => ID) regionId!: string;
  @Field(() => ID) cycleId!: number;
  @Field(() => Int) teachers!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) milliseconds!: number;
}

@Resolver()
export class RegionCycleAuditResolver {
  /** A bureau audits its own region's subtree; the platform any region. */
  @Mutation(() => RegionCycleAuditResult, { description: '区域教师周期学分审核（C-13，整个行政区划一次完成）' })
  async runRegionCycleAudit(
    @Ctx() ctx: Context,
    @Arg('regionId', () => ID) regionId: string,
    @Arg('cycleId', () => ID) cycleId: string,
  ): Promise<RegionCycleAuditResult> {
    const actor = requireActor(ctx);
    if (actor.role !== 'platform' && actor.role !== 'bureau') throw forbidden('区域学分审核由教育行政部门办理', 'Region-wide credit audits are run by a bureau');
    if (!/^\d{6}$/.test(regionId)) throw badInput('行政区划代码须为 6 位数字', 'regionId must be a 6-digit code', 'regionId');
    const region = await ctx.ds.getRepository(Region).findOneBy({ id: regionId });
    if (!region) throw notFound('行政区划', regionId);
    if (actor.role === 'bureau' && (!actor.regionId || !inRegion(regionId, actor.regionId)))
      throw forbidden('只能审核本辖区的教师', 'A bureau audits only teachers of its own region');
    const cycle = await findScoped(ctx.ds.manager, cycleResource, actor, cycleId);
    const t0 = Date.now();
    const report = await runCycleAuditForRegion(ctx.ds, ctx.plugins, regionId, cycle, actor);
    // One audit event for the run (the rows themselves are not listed one by one).
    mutationStore.getStore()?.changes.push({
      entity: 'CycleAudit', id: null, op: 'insert', regionId,
      after: { regionId, cycleId: cycle.id, teachers: report.teachers, passed: report.passed, failed: report.failed },
    });
    return Object.assign(new RegionCycleAuditResult(), {
      regionId, cycleId: cycle.id, teachers: report.teachers, passed: report.passed, failed: report.failed, milliseconds: Date.now() - t0,
    });
  }
}
