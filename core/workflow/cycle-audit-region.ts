import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { mutationStore } from '../audit/store.js';
import { inRegion, regionLike } from '../db/region-scope.js';
import { inTransaction } from '../db/transaction.js';
import { literal } from '../db/mysql-literal.js';
import { CreditSource } from '../entities/enums.js';
import { Region, type Cycle } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { CycleLedger, LedgerLine, Violation } from '../plugin-host/types.js';
import { cycleResource } from '../resources/reference.js';
import { auditPasses, totalsFromYears } from '../rules/c13-cycle-audit.js';

/**
 * C-13 for a whole region at once (a province's annual or cycle audit): the same result per
 * teacher as `runCycleAudit`, one CycleAudit row each, for every teacher whose region lies in
 * the region's subtree.
 *
 * Teachers are taken in id order, `chunk` at a time. For each chunk the ledger is read once,
 * aggregated in the database (one row per teacher with its plain credits summed per year and
 * per source, class credits and corrections listed, see `cycleLedgers` — or, when no plugin
 * audits cycles in the region, only the per-year sums C-13 reads, see `cycleYearSums`), the plugins'
 * 'cycle.audit' checks run on the whole chunk (their `batch` form when they have one,
 * PluginRuntime.checkMany) and the rows are written with one multi-row INSERT in one
 * transaction. The next chunk is read while this one is checked, and this one is written while
 * the next is read, so the database and the API process work at the same time. Memory holds two
 * chunks whatever the region's size.
 *
 * Each chunk commits on its own: a failure part-way (reported once the write before it has
 * settled) leaves complete audits of the teachers before it (each row stands alone, as a rerun of runCycleAudit would) and none of the rest.
 * Statements are written by hand here (not TypeORM's builders), which would cost more than the
 * database does at this size.
 */
export const REGION_AUDIT_CHUNK = 5000;

export interface RegionAuditReport {
  teachers: number;
  passed: number;
  failed: number;
  chunks: number;
}

interface Chunk {
  teachers: { id: number; regionId: string }[];
  /** The ledgers the plugins' checks read, when a plugin audits cycles in the region. */
  ledgers?: Map<number, CycleLedger>;
  /** Otherwise only what C-13 reads: each teacher's credits per year. */
  years?: Map<number, { year: number; credits: number }[]>;
}

const SOURCES = Object.values(CreditSource) as string[];
const SOURCE_KEYS = SOURCES.map((_, i) => `s${i}`);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const ids = (list: number[]) => {
  if (!list.every((id) => Number.isInteger(id))) throw new Error('teacher ids must be integers');
  return list.join(',');
};

function quoter(em: EntityManager): (name: string) => string {
  return em.connection.options.type === 'better-sqlite3' ? (n) => `"${n}"` : (n) => `\`${n}\``;
}

/**
 * The cycle ledgers of `teacherIds` (CycleLedger in core/plugin-host/types.ts), in one
 * statement: GROUP BY teacher and "item" (0 for plain records, the record id otherwise), the
 * plain group carrying one SUM per cycle year and per source. Plain records that a correction
 * points at are then taken out of the sums and listed (one small query, when there are any).
 */
export async function cycleLedgers(em: EntityManager, cycle: Pick<Cycle, 'id' | 'startYear' | 'endYear'>, teacherIds: number[]): Promise<Map<number, CycleLedger>> {
  const out = new Map<number, CycleLedger>();
  for (const id of teacherIds) out.set(id, { plainByYear: {}, plainBySource: {}, lines: [] });
  if (!teacherIds.length) return out;
  const q = quoter(em);
  const years: number[] = [];
  for (let y = cycle.startYear; y <= cycle.endYear; y++) years.push(y);
  const [year, source, credits, classId, correctsId] = ['year', 'source', 'credits', 'classId', 'correctsId'].map(q) as [string, string, string, string, string];
  const plain = `${classId} IS NULL AND ${correctsId} IS NULL AND ${year} BETWEEN ${cycle.startYear} AND ${cycle.endYear} AND ${source} IN (${SOURCES.map((x) => `'${x}'`).join(',')})`;
  const sql = `SELECT ${q('teacherId')} AS t, CASE WHEN ${plain} THEN 0 ELSE ${q('id')} END AS item,
      MIN(${year}) AS y, MIN(${source}) AS s, MIN(${classId}) AS c, MIN(${correctsId}) AS k, SUM(${credits}) AS v,
      ${years.map((y, i) => `SUM(CASE WHEN ${year} = ${y} THEN ${credits} ELSE 0 END) AS y${i}`).join(', ')},
      ${SOURCES.map((x, i) => `SUM(CASE WHEN ${source} = '${x}' THEN ${credits} ELSE 0 END) AS s${i}`).join(', ')}
    FROM ${q('credit_record')}
    WHERE ${q('cycleId')} = ${Number(cycle.id)} AND ${q('teacherId')} IN (${ids(teacherIds)})
    GROUP BY ${q('teacherId')}, item`;
  const rows = (await em.query(sql)) as Record<string, unknown>[];
  const yearKeys = years.map((_, i) => `y${i}`);
  const listed = new Set<number>();
  const corrected = new Set<number>();
  for (const r of rows) {
    const ledger = out.get(Number(r.t));
    if (!ledger) continue;
    const item = Number(r.item);
    if (item === 0) {
      for (let i = 0; i < years.length; i++) {
        const v = Number(r[yearKeys[i]!]);
        if (v) ledger.plainByYear[years[i]!] = v;
      }
      for (let i = 0; i < SOURCES.length; i++) {
        const v = Number(r[SOURCE_KEYS[i]!]);
        if (v) ledger.plainBySource[SOURCES[i]!] = v;
      }
      continue;
    }
    const line: LedgerLine = { id: item, year: Number(r.y), source: String(r.s), credits: Number(r.v), classId: num(r.c), correctsId: num(r.k) };
    ledger.lines.push(line);
    listed.add(item);
    if (line.correctsId) corrected.add(line.correctsId);
  }
  // A plain record that a correction points at is taken out of the sums and listed itself.
  const folded = [...corrected].filter((id) => !listed.has(id));
  if (folded.length) {
    const targets = (await em.query(
      `SELECT ${q('id')} AS id, ${q('teacherId')} AS t, ${year} AS y, ${source} AS s, ${credits} AS v, ${classId} AS c, ${correctsId} AS k
       FROM ${q('credit_record')} WHERE ${q('cycleId')} = ${Number(cycle.id)} AND ${q('id')} IN (${ids(folded)})`,
    )) as Record<string, unknown>[];
    for (const t of targets) {
      const ledger = out.get(Number(t.t));
      if (!ledger) continue;
      const line: LedgerLine = { id: Number(t.id), year: Number(t.y), source: String(t.s), credits: Number(t.v), classId: num(t.c), correctsId: num(t.k) };
      ledger.plainByYear[line.year] = (ledger.plainByYear[line.year] ?? 0) - line.credits;
      ledger.plainBySource[line.source] = (ledger.plainBySource[line.source] ?? 0) - line.credits;
      ledger.lines.push(line);
    }
  }
  for (const ledger of out.values()) ledger.lines.sort((a, b) => a.id - b.id);
  return out;
}

/**
 * C-13's totals only: each teacher's credits per year of the cycle, summed in the database —
 * the same sums `ledgerTotals` takes one teacher at a time. Enough when no plugin audits cycles
 * in the region (Chongqing today), and a third of the ledger query's cost.
 */
export async function cycleYearSums(em: EntityManager, cycle: Pick<Cycle, 'id'>, teacherIds: number[]): Promise<Map<number, { year: number; credits: number }[]>> {
  const out = new Map<number, { year: number; credits: number }[]>(teacherIds.map((id) => [id, []]));
  if (!teacherIds.length) return out;
  const q = quoter(em);
  const rows = (await em.query(
    `SELECT ${q('teacherId')} AS t, ${q('year')} AS y, SUM(${q('credits')}) AS v FROM ${q('credit_record')}
     WHERE ${q('cycleId')} = ${Number(cycle.id)} AND ${q('teacherId')} IN (${ids(teacherIds)}) GROUP BY ${q('teacherId')}, ${q('year')}`,
  )) as { t: number | string; y: number | string; v: number | string }[];
  for (const r of rows) out.get(Number(r.t))?.push({ year: Number(r.y), credits: Number(r.v) });
  return out;
}

/** Whether any enabled plugin checks cycle audits somewhere in `regionId`'s subtree (or above it). */
function pluginsAudit(plugins: PluginRuntime, regionId: string): boolean {
  return plugins.list.some((p) => (p.rules?.['cycle.audit']?.length ?? 0) > 0 && p.regions.some((r) => inRegion(r, regionId) || inRegion(regionId, r)));
}

async function readChunk(ds: DataSource, regionId: string, cycle: Cycle, after: number, size: number, timings: Record<string, number>, ledgers: boolean): Promise<Chunk> {
  const t0 = performance.now();
  const q = quoter(ds.manager);
  const rows = (await ds.query(
    `SELECT ${q('id')} AS id, ${q('regionId')} AS r FROM ${q('teacher')} WHERE ${q('regionId')} LIKE ? AND ${q('id')} > ? ORDER BY ${q('id')} LIMIT ${Number(size)}`,
    [regionLike(regionId), after],
  )) as { id: number | string; r: string }[];
  const teachers = rows.map((t) => ({ id: Number(t.id), regionId: String(t.r) }));
  const t1 = performance.now();
  const chunk: Chunk = ledgers
    ? { teachers, ledgers: await cycleLedgers(ds.manager, cycle, teachers.map((t) => t.id)) }
    : { teachers, years: await cycleYearSums(ds.manager, cycle, teachers.map((t) => t.id)) };
  timings.readTeachers = (timings.readTeachers ?? 0) + t1 - t0;
  timings.readLedger = (timings.readLedger ?? 0) + performance.now() - t1;
  return chunk;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime as TypeORM stores it (UTC; SQLite with milliseconds). */
function datetime(d: Date, sqlite: boolean): string {
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return sqlite ? `${s}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : s;
}

const INSERT_ROWS = 500;
const AUDIT_COLUMNS = ['teacherId', 'cycleId', 'regionId', 'totalCredits', 'passed', 'findings', 'ranBy', 'ranAt'];

/** Multi-row INSERTs of CycleAudit rows (MySQL: escaped literals, one statement; SQLite: bound parameters). */
async function insertAudits(em: EntityManager, rows: unknown[][]): Promise<void> {
  const q = quoter(em);
  const head = `INSERT INTO ${q('cycle_audit')} (${AUDIT_COLUMNS.map(q).join(', ')}) VALUES `;
  if (em.connection.options.type === 'better-sqlite3') {
    const one = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
    for (let k = 0; k < rows.length; k += 500) {
      const part = rows.slice(k, k + 500);
      await em.query(head + part.map(() => one).join(', '), part.flat());
    }
    return;
  }
  // Statements of INSERT_ROWS rows: one statement per chunk would be a string of tens of MB, kept
  // (with its bytes for the socket) in V8's large-object space until a full GC.
  for (let k = 0; k < rows.length; k += INSERT_ROWS) await em.query(head + rows.slice(k, k + INSERT_ROWS).map((r) => `(${r.map(literal).join(',')})`).join(','));
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
  const sqlite = ds.options.type === 'better-sqlite3';
  const withLedgers = pluginsAudit(plugins, regionId);
  const report: RegionAuditReport = { teachers: 0, passed: 0, failed: 0, chunks: 0 };
  let next: Promise<Chunk> | null = readChunk(ds, regionId, cycle, 0, size, timings, withLedgers);
  let writing: Promise<void> = Promise.resolve();
  while (next) {
    let t = performance.now();
    const chunk: Chunk = await next;
    lap('waitRead', t);
    if (!chunk.teachers.length) break;
    // The previous chunk's rows are in before the next chunk is read: two chunks in memory at most.
    t = performance.now();
    await writing;
    lap('waitWrite', t);
    // Read ahead: the next chunk's ledger while this one is checked.
    next = chunk.teachers.length < size ? null : readChunk(ds, regionId, cycle, chunk.teachers[chunk.teachers.length - 1]!.id, size, timings, withLedgers);
    next?.catch(() => undefined);

    t = performance.now();
    const items = chunk.teachers.map((teacher) => {
      const ledger = chunk.ledgers?.get(teacher.id);
      const perYear = new Map<number, number>();
      if (ledger) {
        for (const [y, v] of Object.entries(ledger.plainByYear)) perYear.set(Number(y), v);
        for (const l of ledger.lines) perYear.set(l.year, (perYear.get(l.year) ?? 0) + l.credits);
      } else for (const { year, credits } of chunk.years?.get(teacher.id) ?? []) perYear.set(year, credits);
      const totals = totalsFromYears([...perYear].map(([y, v]) => ({ year: y, credits: v, hours: 0 })), cycle);
      const byYear = Object.fromEntries(totals.byYear.map((y) => [y.year, y.credits])) as Record<number, number>;
      return { regionId: teacher.regionId, input: { teacherId: teacher.id, cycleId: cycle.id, totalCredits: totals.totalCredits, byYear, ledger } };
    });
    lap('totals', t);
    t = performance.now();
    const findings: Violation[][] = await plugins.checkMany('cycle.audit', items, ds.manager, actor);
    lap('rules', t);
    t = performance.now();
    const ranAt = datetime(new Date(), sqlite);
    const rows = items.map((it, i) => {
      const passed = auditPasses(findings[i]!);
      if (passed) report.passed++;
      else report.failed++;
      return [it.input.teacherId, cycle.id, it.regionId, it.input.totalCredits, passed ? 1 : 0, JSON.stringify(findings[i]), actor.id, ranAt];
    });
    lap('rows', t);
    // Written while the next chunk is read.
    writing = inTransaction(ds, (em) => insertAudits(em, rows)).then(() => {
      report.teachers += rows.length;
      report.chunks++;
      opts.onChunk?.(report.teachers);
    });
    writing.catch(() => undefined);
  }
  await writing;
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
