import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { inRegion, regionLike } from '../db/region-scope.js';
import { openWriter, rowsAsArrays } from '../db/direct.js';
import { CreditSource } from '../entities/enums.js';
import { Region, type Cycle } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { CycleLedger, LedgerLine, RulePoints, Violation } from '../plugin-host/types.js';
import { cycleResource } from '../resources/reference.js';
import { auditPasses } from '../rules/c13-cycle-audit.js';
import { dialectOf, FindingIds } from './cycle-audit-findings.js';

/**
 * C-13 for a whole region at once (a province's annual or cycle audit): the same result per
 * teacher as `runCycleAudit`, one CycleAudit row each, for every teacher whose region lies in
 * the region's subtree.
 *
 * Teachers are taken in id order, `chunk` at a time. For each chunk the ledger is read once, as
 * plain rows, and summed here into each teacher's CycleLedger (plain credits per year and per
 * source, class credits and corrections listed, see `cycleLedgers`), the plugins' 'cycle.audit'
 * checks run on the whole chunk (their `batch` form when they have one, PluginRuntime.checkMany)
 * and the chunk's rows are written with one prepared multi-row INSERT (core/db/direct.ts). The
 * next chunk is read while this one is checked, and the writes run on a chain of their own, so
 * the database and the API process work at the same time. Memory holds a few chunks (one
 * checked, one read, at most WRITES_AHEAD written) whatever the region's size.
 *
 * Each chunk commits on its own, in order: a failure part-way stops the writes after it, which
 * leaves complete audits of the teachers before it (each row stands alone, as a rerun of
 * runCycleAudit would) and none of the rest. Statements are written by hand and sent past
 * TypeORM, whose builders and per-row objects would cost more than the database does at this size.
 */
/**
 * Teachers per chunk. The audit takes the same time from 1,000 to 5,000 (measured on a province);
 * smaller chunks keep less alive while the next is read and checked, so V8's heap grows less.
 */
export const REGION_AUDIT_CHUNK = 1000;

export interface RegionAuditReport {
  teachers: number;
  passed: number;
  failed: number;
  chunks: number;
}

interface Chunk {
  teachers: { id: number; regionId: string; hireDate: string | null }[];
  ledgers: Map<number, AuditedLedger>;
}

const SOURCES = Object.values(CreditSource) as string[];
const ids = (list: number[]) => {
  if (!list.every((id) => Number.isInteger(id))) throw new Error('ids must be integers');
  return list.join(',');
};

/** The dialect's identifier quoting. */
const quoter = (ds: DataSource) => (name: string) => ds.driver.escape(name);

/**
 * A teacher's ledger with C-13's totals of it (as `totalsFromYears` gives them: every year of the
 * cycle, zeros included, each rounded). `byYear`, which the plugins' rules have not needed so far,
 * is built when asked for, from the chunk's sums.
 */
export class AuditedLedger {
  constructor(
    readonly ledger: CycleLedger,
    readonly totalCredits: number,
    /** The chunk's per-year totals in tenths, this teacher's years from `offset`. */
    private readonly years: Int32Array,
    private readonly offset: number,
    /** Listed records filed under the cycle but outside its years (should not happen). */
    private readonly outside: readonly { year: number; tenths: number }[],
  ) {}

  get byYear(): Record<number, number> {
    const out: Record<number, number> = {};
    const n = this.ledger.plainPerYear.length;
    for (let k = 0; k < n; k++) out[this.ledger.firstYear + k] = this.years[this.offset + k]! / 10;
    for (const l of this.outside) out[l.year] = Math.round((out[l.year] ?? 0) * 10 + l.tenths) / 10;
    return out;
  }
}

/**
 * The cycle ledgers of `teacherIds` (CycleLedger in core/plugin-host/types.ts) and C-13's totals,
 * from their records of the cycle read as rows in one statement (covered by
 * idx_credit_teacher_cycle) and summed here in tenths of a credit, the column's precision, so
 * that every sum is exact. MariaDB's GROUP BY with a conditional SUM per year and per source cost
 * four times this read for a chunk of a province (0.21 s against 0.05 s per 5,000 teachers).
 * The statement hands sources and credits over as small integers (a source's place in
 * CreditSource, tenths), which the driver reads fastest.
 */
export async function cycleLedgers(ds: DataSource, cycle: Pick<Cycle, 'id' | 'startYear' | 'endYear'>, teacherIds: number[]): Promise<Map<number, AuditedLedger>> {
  const out = new Map<number, AuditedLedger>();
  if (!teacherIds.length) return out;
  const q = quoter(ds);
  const sqlite = ds.options.type === 'better-sqlite3';
  const [year, source, credits] = [q('year'), q('source'), q('credits')];
  // Computed columns cost the server more than the driver's reading them saves, except these two.
  const sourceIndex = sqlite ? `CASE ${source} ${SOURCES.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} ELSE -1 END` : `FIELD(${source}, ${SOURCES.map((x) => `'${x}'`).join(',')}) - 1`;
  const tenths = sqlite ? `CAST(ROUND(${credits} * 10) AS INTEGER)` : `FLOOR(${credits} * 10)`;
  const rows = (await rowsAsArrays(ds,
    `SELECT ${q('teacherId')}, ${q('id')}, ${year}, ${sourceIndex}, ${tenths}, ${q('classId')}, ${q('correctsId')}
     FROM ${q('credit_record')} WHERE ${q('cycleId')} = ${Number(cycle.id)} AND ${q('teacherId')} IN (${ids(teacherIds)})`,
  )) as [number, number, number, number, number, number | null, number | null][];

  const years = cycle.endYear - cycle.startYear + 1;
  const index = new Map<number, number>(teacherIds.map((id, i) => [id, i]));
  const yearSums = new Int32Array(teacherIds.length * years);
  const sourceSums = new Int32Array(teacherIds.length * SOURCES.length);
  const lines: { t: number; line: LedgerLine; tenths: number }[] = [];
  // A plain record that a correction points at is listed, not summed (the correction nets against it).
  const corrected = new Set<number>();
  for (const r of rows) if (r[6] !== null) corrected.add(Number(r[6]));
  const unnamed: LedgerLine[] = [];
  // Rows come in index order, a teacher's together: their slot is looked up once per teacher.
  // Millions of rows for a province: indexed reads, no destructuring, the bounds hoisted.
  let lastTeacher: number | null = null;
  let i = 0;
  const first = cycle.startYear;
  const last = cycle.endYear;
  const nSources = SOURCES.length;
  const anyCorrected = corrected.size > 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const t = r[0];
    if (t !== lastTeacher) i = index.get(Number((lastTeacher = t)))!;
    // MySQL hands the credits (a BIGINT) over as a string.
    const y = r[2], s = r[3], v = Number(r[4]), classId = r[5], correctsId = r[6];
    if (classId === null && correctsId === null && y >= first && y <= last && s >= 0 && (!anyCorrected || !corrected.has(Number(r[1])))) {
      yearSums[i * years + y - first]! += v;
      sourceSums[i * nSources + s]! += v;
      continue;
    }
    const id = r[1];
    const line: LedgerLine = { id: Number(id), year: Number(y), source: SOURCES[s] ?? '', credits: Number(v) / 10, classId: classId === null ? null : Number(classId), correctsId: correctsId === null ? null : Number(correctsId) };
    if (s < 0) unnamed.push(line);
    lines.push({ t: i, tenths: Number(v), line });
  }
  // Sources outside CreditSource (none are written today) are named by a second look.
  if (unnamed.length) {
    const names = new Map((await rowsAsArrays(ds, `SELECT ${q('id')}, ${source} FROM ${q('credit_record')} WHERE ${q('id')} IN (${ids(unnamed.map((l) => l.id))})`)).map(([id, name]) => [Number(id), String(name)]));
    for (const l of unnamed) l.source = names.get(l.id) ?? '';
  }
  const linesOf = new Map<number, typeof lines>();
  for (const l of lines) (linesOf.get(l.t) ?? linesOf.set(l.t, []).get(l.t)!).push(l);

  // Per year of the cycle, plain records and listed lines together (C-13's totals).
  const allYears = Int32Array.from(yearSums);
  for (const l of lines) {
    const k = l.line.year - cycle.startYear;
    if (k >= 0 && k < years) allYears[l.t * years + k]! += l.tenths;
  }
  const none: { year: number; tenths: number }[] = [];
  for (let i = 0; i < teacherIds.length; i++) {
    const plainPerYear = new Array<number>(years);
    let total = 0;
    for (let k = 0; k < years; k++) {
      plainPerYear[k] = yearSums[i * years + k]! / 10;
      total += allYears[i * years + k]!;
    }
    const ledger: CycleLedger = { firstYear: first, plainPerYear, plainBySource: {}, lines: [] };
    for (let k = 0; k < nSources; k++) {
      const v = sourceSums[i * nSources + k]!;
      if (v) ledger.plainBySource[SOURCES[k]!] = v / 10;
    }
    let outside = none;
    const own = linesOf.get(i);
    if (own) {
      own.sort((a, b) => a.line.id - b.line.id);
      for (const l of own) {
        ledger.lines.push(l.line);
        // Records filed under the cycle but outside its years (should not happen) still count, as in totalsFromYears.
        if (l.line.year < first || l.line.year > last) {
          if (outside === none) outside = [];
          outside.push({ year: l.line.year, tenths: l.tenths });
          total += l.tenths;
        }
      }
    }
    out.set(teacherIds[i]!, new AuditedLedger(ledger, total / 10, allYears, i * years, outside));
  }
  return out;
}

/** A teacher's 'cycle.audit' input in a region-wide audit (byYear built only if a rule reads it). */
type AuditInput = RulePoints['cycle.audit'];
class RegionAuditInput implements AuditInput {
  readonly teacherId: number;
  readonly totalCredits: number;
  readonly ledger: CycleLedger;
  readonly hireDate: string | null;
  constructor(teacher: Chunk['teachers'][number], readonly cycleId: number, private readonly audited: AuditedLedger) {
    this.teacherId = teacher.id;
    this.hireDate = teacher.hireDate;
    this.totalCredits = audited.totalCredits;
    this.ledger = audited.ledger;
  }
  get byYear(): Record<number, number> {
    return this.audited.byYear;
  }
}

/** The next `size` teachers of the region after id `after`, in id order, with what the rules read of them. */
async function teachersAfter(ds: DataSource, regionId: string, after: number, size: number): Promise<Chunk['teachers']> {
  const q = quoter(ds);
  // MySQL: walk the primary key. Through the region index the rows of a province come in region
  // order and every chunk would sort all of them by id again.
  const sqlite = ds.options.type === 'better-sqlite3';
  const force = sqlite ? '' : ' FORCE INDEX (PRIMARY)';
  // The driver's own row reader would make a Date of a DATE (TypeORM's transformers are not in this path).
  const hireDate = sqlite ? q('hireDate') : `DATE_FORMAT(${q('hireDate')}, '%Y-%m-%d')`;
  const rows = await rowsAsArrays(ds,
    `SELECT ${q('id')}, ${q('regionId')}, ${hireDate} FROM ${q('teacher')}${force} WHERE ${q('id')} > ? AND ${q('regionId')} LIKE ? ORDER BY ${q('id')} LIMIT ${Number(size)}`,
    [after, regionLike(regionId)]);
  return rows.map(([id, r, hireDate]) => ({ id: Number(id), regionId: String(r), hireDate: hireDate === null ? null : String(hireDate) }));
}

/**
 * The region's chunks in order, each read (its teachers, then their ledgers) once asked for;
 * its teachers are read as soon as those of the chunk before it are known.
 */
function chunkReader(ds: DataSource, regionId: string, cycle: Cycle, size: number): () => Promise<Chunk> {
  let teachers = teachersAfter(ds, regionId, 0, size);
  return () => {
    const mine = teachers;
    // A short chunk is the last: the ones after it are empty.
    teachers = mine.then((t) => (t.length < size ? [] : teachersAfter(ds, regionId, t[t.length - 1]!.id, size)));
    teachers.catch(() => undefined);
    const chunk = mine.then(async (t) => ({ teachers: t, ledgers: await cycleLedgers(ds, cycle, t.map((x) => x.id)) }));
    chunk.catch(() => undefined);
    return chunk;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime as TypeORM stores it (UTC; SQLite with milliseconds). */
function datetime(d: Date, sqlite: boolean): string {
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return sqlite ? `${s}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : s;
}

/** Chunks checked and waiting to be written, at most (their rows are small: findings are shared). */
const WRITES_AHEAD = 2;
const AUDIT_COLUMNS = ['teacherId', 'cycleId', 'regionId', 'totalCredits', 'passed', 'findingIds', 'ranBy', 'ranAt'];

type Statement = { sql: string; params: unknown[] };

/** Bound values per statement: MySQL's prepared statements take at most 65,535; SQLite's builds at least 32,766. */
const MAX_PARAMS = { mysql: 65_535, sqlite: 32_766 };

/** The most characters of values per INSERT: a UTF-8 character takes at most 3 bytes of the server's max_allowed_packet. */
async function statementChars(ds: DataSource): Promise<number> {
  if (ds.options.type === 'better-sqlite3') return Infinity;
  const [row] = (await ds.query('SELECT @@max_allowed_packet AS m')) as { m: number | string }[];
  return Math.max(64 * 1024, Math.floor(Number(row?.m ?? 4 * 1024 * 1024) / 3) - 64 * 1024);
}

/**
 * Multi-row INSERTs of CycleAudit rows with bound values, as few as the limits allow: a chunk
 * is usually one statement, which is atomic by itself and sent in one go — a write of several
 * statements waits for the event loop between them, busy checking the next chunk, and the
 * writes were what the whole audit waited for.
 */
function auditStatements(ds: DataSource, maxChars: number, rows: unknown[][]): Statement[] {
  const q = quoter(ds);
  const head = `INSERT INTO ${q('cycle_audit')} (${AUDIT_COLUMNS.map(q).join(', ')}) VALUES `;
  const tuple = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
  const maxRows = Math.floor((ds.options.type === 'better-sqlite3' ? MAX_PARAMS.sqlite : MAX_PARAMS.mysql) / AUDIT_COLUMNS.length);
  const out: Statement[] = [];
  let part: unknown[][] = [];
  let chars = 0;
  const flush = () => {
    if (part.length) out.push({ sql: head + part.map(() => tuple).join(','), params: part.flat() });
    part = [];
    chars = 0;
  };
  for (const r of rows) {
    const size = r.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 8), 0);
    if (part.length && (part.length >= maxRows || chars + size > maxChars)) flush();
    part.push(r);
    chars += size;
  }
  flush();
  return out;
}

/** C-13 for every teacher in `regionId`'s subtree; see the file's comment. */
export async function runCycleAuditForRegion(
  ds: DataSource,
  plugins: PluginRuntime,
  regionId: string,
  cycle: Cycle,
  actor: Actor,
  opts: { chunk?: number } = {},
): Promise<RegionAuditReport> {
  const size = opts.chunk ?? REGION_AUDIT_CHUNK;
  const sqlite = ds.options.type === 'better-sqlite3';
  const report: RegionAuditReport = { teachers: 0, passed: 0, failed: 0, chunks: 0 };
  const maxChars = await statementChars(ds);
  // The next chunk is read while one is checked (two read ahead took more memory, no less time).
  const read = chunkReader(ds, regionId, cycle, size);
  let next = read();
  // Chunks are written one after the other on their own chain, while the next ones are read and
  // checked; at most WRITES_AHEAD chunks' rows wait for it.
  let written: Promise<void> = Promise.resolve();
  const writes: Promise<void>[] = [];
  // The plugins' memo for the run (BatchRuleContext.memo): what they read once for every chunk.
  const checkRun = new Map<string, Map<string, unknown>>();
  const writer = await openWriter(ds);
  // Findings stored once each (cycle-audit-findings.ts), through the writer, in the write order.
  const dictionary = new FindingIds({
    run: (sql, params) => writer.write([{ sql, params }]),
    ids: (sql, params) => rowsAsArrays(ds, sql, params) as Promise<[unknown, unknown][]>,
  }, dialectOf(ds));
  try {
    for (;;) {
      const chunk = await next;
      if (!chunk.teachers.length) break;
      next = read();

      const items = chunk.teachers.map((teacher) => ({ regionId: teacher.regionId, input: new RegionAuditInput(teacher, cycle.id, chunk.ledgers.get(teacher.id)!) }));
      const findings: Violation[][] = await plugins.checkMany('cycle.audit', items, ds.manager, actor, checkRun);
      const ranAt = datetime(new Date(), sqlite);
      const passed = findings.map(auditPasses);
      for (const p of passed) report[p ? 'passed' : 'failed']++;
      if (writes.length >= WRITES_AHEAD) await writes.shift();
      // After the chunk before it: a failed write stops the ones after it (teachers are audited in id order).
      written = written.then(async () => {
        const findingIds = await dictionary.lists(findings);
        await writer.write(auditStatements(ds, maxChars, items.map((it, i) =>
          [it.input.teacherId, cycle.id, it.regionId, it.input.totalCredits, passed[i] ? 1 : 0, findingIds[i], actor.id, ranAt])));
        report.teachers += items.length;
        report.chunks++;
      });
      written.catch(() => undefined);
      writes.push(written);
    }
    await written;
  } finally {
    await written.catch(() => undefined);
    await writer.close();
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
    ctx.mutation?.changes.push({
      entity: 'CycleAudit', id: null, op: 'insert', regionId,
      after: { regionId, cycleId: cycle.id, teachers: report.teachers, passed: report.passed, failed: report.failed },
    });
    return Object.assign(new RegionCycleAuditResult(), {
      regionId, cycleId: cycle.id, teachers: report.teachers, passed: report.passed, failed: report.failed, milliseconds: Date.now() - t0,
    });
  }
}
