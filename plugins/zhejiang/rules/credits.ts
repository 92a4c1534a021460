// The Zhejiang credit system (学分制, POLICY.md ZJ-13..ZJ-16; defaults in options.ts):
// ZJ-13 ≥ 360 credits a five-year cycle and ≥ 24 every year; ZJ-14 the 90-credit
// concentrated block once a cycle; ZJ-15 probation credits outside the cycle (≥ 180, ≥ 80
// practice) and principals' qualification training at 50 %; ZJ-16 other sources converted
// by the plugin's table and capped per cycle. Checked at 'cycle.audit'; ZJ-16 caps also at
// 'credit.register' and in the zhejiang.externalCredit form.
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { CourseKind, CreditSource, ProjectLevel, TrainingMode } from '../../../core/entities/enums.js';
import { CreditRecord, CurriculumItem, Cycle, Project, Teacher, TrainingClass } from '../../../core/entities/index.js';
import type { CycleLedger, RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import { CONVERTED_SOURCES, type ConvertedSource, type ZhejiangOptions } from '../options.js';
import { chinaDay, round1, violation } from '../util.js';
import { onlineCreditsOf } from './hybrid.js';

export const SOURCE_ZH: Record<string, string> = {
  school_based: '校本研修', degree: '学历进修', research: '教育科研', trainer: '担任培训者', support_teaching: '支教', online: '网络研修',
  principal: '校（园）长任职资格培训', probation: '新教师试用期培训', other: '其他培训',
};

export interface Bucket {
  key: ConvertedSource | 'principal' | 'other';
  raw: number;
  counted: number;
  cap: number | null;
}

export interface CreditSummary {
  teacherId: number;
  cycleId: number;
  /** Every record of the cycle, corrections included (the core ledger's total). */
  raw: number;
  /** What counts toward ZJ-13 after ZJ-15 (probation out, principals at the rate) and ZJ-16 (caps). */
  counted: number;
  buckets: Bucket[];
  /** ZJ-15: probation credits (any cycle) and their practice part. */
  probation: { credits: number; practice: number; required: boolean };
  /** ZJ-13 per year: counted without caps. */
  byYear: { year: number; counted: number }[];
  /** ZJ-14: the class that gave the concentrated block, if any. */
  blockClassId: number | null;
  /** ZJ-13 minimum for this teacher (prorated when hired during the cycle). */
  required: number;
  /** Years the teacher owes ≥ yearMin (from the year after hiring). */
  firstOwedYear: number;
  cycle: Cycle;
}

/** What the summary reads of a ledger record (a credit record, or a region-wide audit's ledger line). */
type Line = Pick<CreditRecord, 'id' | 'year' | 'credits' | 'classId' | 'correctsId'> & { source: string };

/** Net credits of each record with the corrections attached to it (C-14). */
function netRoots<L extends Line>(records: L[]): { root: L; credits: number }[] {
  if (!records.length) return [];
  const roots = new Map<number, { root: L; credits: number }>();
  for (const r of records) if (r.source !== CreditSource.correction || !r.correctsId) roots.set(r.id, { root: r, credits: Number(r.credits) });
  for (const r of records) {
    if (r.source !== CreditSource.correction || !r.correctsId) continue;
    const target = roots.get(Number(r.correctsId));
    if (target) target.credits += Number(r.credits);
    else roots.set(r.id, { root: r, credits: Number(r.credits) }); // root outside the cycle: counts as other
  }
  return [...roots.values()];
}

/** Practice share of each project's curriculum (ZJ-15 probation practice credits); `known` keeps them for a run. */
async function practiceShares(em: EntityManager, ids: number[], known?: Map<number, number>): Promise<Map<number, number>> {
  const out = known ?? new Map<number, number>();
  const projectIds = ids.filter((id) => !out.has(id));
  if (!projectIds.length) return out;
  const items = await em.getRepository(CurriculumItem).find({ where: { projectId: In(projectIds) }, select: { projectId: true, hours: true, kind: true } });
  for (const id of projectIds) {
    const own = items.filter((i) => i.projectId === id);
    const total = own.reduce((s, i) => s + Number(i.hours), 0);
    const practice = own.filter((i) => i.kind === CourseKind.practice).reduce((s, i) => s + Number(i.hours), 0);
    out.set(id, total ? practice / total : 0);
  }
  return out;
}

/** The project of each class; `known` keeps them for a run (classes read before are not read again). */
async function projectsOfClasses(em: EntityManager, ids: number[], known?: Map<number, Project>): Promise<Map<number, Project>> {
  const out = known ?? new Map<number, Project>();
  const classIds = ids.filter((id) => !out.has(id));
  if (!classIds.length) return out;
  const classes = await em.getRepository(TrainingClass).find({ where: { id: In(classIds) }, select: { id: true, projectId: true } });
  const projects = await em.getRepository(Project).find({ where: { id: In([...new Set(classes.map((c) => c.projectId))]) } });
  const byId = new Map(projects.map((p) => [p.id, p]));
  for (const c of classes) if (byId.has(c.projectId)) out.set(c.id, byId.get(c.projectId)!);
  return out;
}

/** A map kept in a batch's run memo under `key`. */
function kept<K, V>(memo: Map<string, unknown>, key: string): Map<K, V> {
  let m = memo.get(key) as Map<K, V> | undefined;
  if (!m) memo.set(key, (m = new Map<K, V>()));
  return m;
}

const BUCKET_KEYS: Bucket['key'][] = ['other', ...CONVERTED_SOURCES, 'principal'];
/** A bucket's place in BUCKET_KEYS: a source's own bucket if converted, else 'other' (0). */
const BUCKET_OF = new Map<string, number>(CONVERTED_SOURCES.map((k, i) => [k, i + 1]));
const OTHER = 0;
const PRINCIPAL = BUCKET_KEYS.length - 1;

const classIdsOf = (lines: Line[]) => [...new Set(lines.flatMap((r) => (r.classId ? [Number(r.classId)] : [])))];

/**
 * Scratch sums of `summarize`, which runs synchronously once per teacher of a province: reused,
 * not allocated per call (typed arrays are slow to create and a province's audit makes GC work).
 */
const scratch = { raw: new Float64Array(BUCKET_KEYS.length), perYear: new Float64Array(8) };

/** ZJ-15 probation: the probation-category class credits among `classLines` (the teacher's records in any cycle). */
function probationOf(classLines: Line[], projectOf: Map<number, Project>, shares: Map<number, number>, options: ZhejiangOptions): { credits: number; practice: number } {
  const o = options.credits;
  const nets = netRoots(classLines).filter((r) => r.root.classId);
  const out = { credits: 0, practice: 0 };
  for (const r of nets) {
    const project = projectOf.get(Number(r.root.classId));
    if (!project || !o.probationCategories.includes(project.category)) continue;
    out.credits += r.credits;
    out.practice += r.credits * (shares.get(project.id) ?? 0);
  }
  return { credits: round1(out.credits), practice: round1(out.practice) };
}

const hireYearOf = (t: Pick<Teacher, 'hireDate'>) => (t.hireDate ? Number(t.hireDate.slice(0, 4)) : null);
const hiredIn = (t: Pick<Teacher, 'hireDate'>, cycle: Cycle) => {
  const y = hireYearOf(t);
  return y !== null && y >= cycle.startYear && y <= cycle.endYear;
};

/**
 * A teacher's credits in a cycle as Zhejiang counts them, from what was read: the cycle's ledger
 * `lines`, the projects of their classes, and (for a teacher hired during the cycle) the
 * probation credits. Pure: the per-teacher summary and the region-wide batch share it.
 */
function summarize(
  data: {
    teacherId: number; teacher: Pick<Teacher, 'hireDate'>; cycle: Cycle; lines: Line[]; projectOf: Map<number, Project>;
    probation: { credits: number; practice: number };
    /** Plain records (no class, no correction) already summed per year and per source (CycleLedger). */
    plain?: Pick<CycleLedger, 'firstYear' | 'plainPerYear' | 'plainBySource'>;
  },
  options: ZhejiangOptions,
  today: string,
): CreditSummary {
  const o = options.credits;
  const { teacher, cycle, lines, projectOf } = data;
  const roots = netRoots(lines);
  // Run once per teacher of a province: plain loops over arrays, no closures or entries per call.
  const raw = scratch.raw.fill(0);
  // Counted per year of the cycle (ZJ-13's yearly minimum; other years are not asked for).
  const first = cycle.startYear;
  const years = cycle.endYear - first + 1;
  if (scratch.perYear.length < years) scratch.perYear = new Float64Array(years);
  const perYear = scratch.perYear.fill(0, 0, years);
  // Plain records count as a classless root does below: in their year, and in their source's bucket.
  let plainTotal = 0;
  const plain = data.plain;
  if (plain) {
    for (let j = 0; j < plain.plainPerYear.length; j++) {
      const k = plain.firstYear + j - first;
      if (k >= 0 && k < years) perYear[k]! += plain.plainPerYear[j]!;
    }
  }
  const plainBySource = data.plain?.plainBySource;
  for (const source in plainBySource) {
    const v = plainBySource[source]!;
    plainTotal += v;
    raw[BUCKET_OF.get(source) ?? OTHER]! += v;
  }
  let blockClassId: number | null = null;
  for (const { root, credits } of roots) {
    const project = root.classId ? projectOf.get(Number(root.classId)) : undefined;
    if (project && o.probationCategories.includes(project.category)) continue; // ZJ-15: outside the cycle
    if (project && o.principalCategories.includes(project.category)) {
      raw[PRINCIPAL]! += credits;
      const k = root.year - first;
      if (k >= 0 && k < years) perYear[k]! += credits * o.principalRate;
      continue;
    }
    const k = root.year - first;
    if (k >= 0 && k < years) perYear[k]! += credits;
    if (project) {
      if (project.level === ProjectLevel.school) {
        raw[BUCKET_OF.get('school_based')!]! += credits;
        continue;
      }
      const share = Number(project.credits) > 0 ? Math.min(1, onlineCreditsOf(project) / Number(project.credits)) : 0;
      raw[BUCKET_OF.get('online')!]! += credits * share;
      raw[OTHER]! += credits * (1 - share);
      if (
        blockClassId === null && credits >= o.blockCredits && Number(project.credits) >= o.blockCredits && project.mode !== TrainingMode.online
      ) blockClassId = Number(root.classId);
      continue;
    }
    raw[BUCKET_OF.get(root.source) ?? OTHER]! += credits;
  }
  const buckets: Bucket[] = new Array(BUCKET_KEYS.length);
  let counted = 0;
  for (let k = 0; k < BUCKET_KEYS.length; k++) {
    const key = BUCKET_KEYS[k]!;
    const value = round1(raw[k]!);
    let b: Bucket;
    if (k === PRINCIPAL) b = { key, raw: value, counted: round1(value * o.principalRate), cap: null };
    else if (k === OTHER) b = { key, raw: value, counted: value, cap: null };
    else {
      const cap = o.conversion[key as ConvertedSource].cap;
      b = { key, raw: value, counted: Math.min(value, cap), cap };
    }
    buckets[k] = b;
    counted += b.counted;
  }

  // ZJ-15 probation: the teacher's probation-category class credits, in any cycle.
  const hireYear = hireYearOf(teacher);
  const hiredInCycle = hiredIn(teacher, cycle);
  const probationEnded = hiredInCycle && !!teacher.hireDate && `${Number(teacher.hireDate.slice(0, 4)) + 1}${teacher.hireDate.slice(4)}` <= today;
  const probation = { credits: hiredInCycle ? data.probation.credits : 0, practice: hiredInCycle ? data.probation.practice : 0, required: hiredInCycle && probationEnded };

  const cycleYears = cycle.endYear - cycle.startYear + 1;
  const firstOwedYear = hiredInCycle && o.prorateNewTeachers ? Math.max(cycle.startYear, hireYear! + 1) : cycle.startYear;
  const owed = Math.max(0, cycle.endYear - firstOwedYear + 1);
  const required = Math.ceil((o.cycleMin * owed) / cycleYears);
  const byYear: CreditSummary['byYear'] = [];
  for (let y = cycle.startYear; y <= cycle.endYear; y++) byYear.push({ year: y, counted: round1(perYear[y - first]!) });
  let listed = 0;
  for (const r of lines) listed += Number(r.credits);
  return {
    teacherId: data.teacherId, cycleId: cycle.id, cycle, buckets, probation, byYear, blockClassId, required, firstOwedYear,
    raw: round1(plainTotal + listed),
    counted: round1(counted),
  };
}

/** A teacher's credits in a cycle as Zhejiang counts them. */
export async function creditSummary(em: EntityManager, teacherId: number, cycleId: number, options: ZhejiangOptions, today = chinaDay()): Promise<CreditSummary> {
  const cycle = await em.getRepository(Cycle).findOneByOrFail({ id: cycleId });
  const teacher = await em.getRepository(Teacher).findOneByOrFail({ id: teacherId });
  const records = await em.getRepository(CreditRecord).find({ where: { teacherId, cycleId }, order: { id: 'ASC' } });
  const projectOf = await projectsOfClasses(em, classIdsOf(netRoots(records).map((r) => r.root)));
  let probation = { credits: 0, practice: 0 };
  if (hiredIn(teacher, cycle)) {
    const all = await em.getRepository(CreditRecord).find({ where: { teacherId }, select: { id: true, credits: true, classId: true, source: true, correctsId: true, year: true } });
    const classLines = all as CreditRecord[];
    const classProjects = await projectsOfClasses(em, classIdsOf(netRoots(classLines).map((r) => r.root)));
    const probationProjects = [...new Set([...classProjects.values()].filter((p) => options.credits.probationCategories.includes(p.category)).map((p) => p.id))];
    probation = probationOf(classLines, classProjects, await practiceShares(em, probationProjects), options);
  }
  return summarize({ teacherId, teacher, cycle, lines: records, projectOf, probation }, options, today);
}

/**
 * One frozen object per distinct finding (rule, wording, numbers), shared by every teacher who
 * has it: a province's audit has a few thousand distinct findings among a million, so each
 * message is built once, and the core serializes each object once (core/workflow/cycle-audit-findings.ts).
 * The yearly ZJ-13 finding, the most frequent, is keyed by numbers (no key text to build).
 */
const sharedFindings = new Map<string, Violation>();
const sharedYearFindings = new Map<number, Violation>();
/** ZJ-13's cycle finding without capped sources or principal training, per cycle name, keyed by numbers (cycleKey). */
const sharedCycleFindings = new Map<string, Map<number, Violation>>();
function shared<K>(cache: Map<K, Violation>, key: K, make: () => Violation): Violation {
  let v = cache.get(key);
  if (!v) {
    if (cache.size >= 50_000) cache.clear();
    cache.set(key, (v = Object.freeze(make())));
  }
  return v;
}
/** yearMin, year and counted (in tenths) as one number, (yearMin·10⁴ + year)·10⁵ + tenths; null when they do not fit it. */
function yearKey(yearMin: number, year: number, counted: number): number | null {
  const tenths = Math.round(counted * 10);
  const fits = Number.isInteger(yearMin) && yearMin >= 0 && yearMin < 10_000 && year >= 0 && year < 10_000 && tenths >= 0 && tenths < 100_000;
  return fits ? (yearMin * 10_000 + year) * 100_000 + tenths : null;
}

/** required and counted (in tenths) as one number; null when they do not fit it. */
function cycleKey(required: number, counted: number): number | null {
  const tenths = Math.round(counted * 10);
  return Number.isInteger(required) && required >= 0 && required < 100_000 && tenths >= 0 && tenths < 10_000_000 ? required * 10_000_000 + tenths : null;
}

/** ZJ-13's yearly finding, shared (no closure per call: it is asked for several times per teacher of a province). */
function yearFinding(yearMin: number, year: number, counted: number): Violation {
  const key = yearKey(yearMin, year, counted);
  const found = key === null ? undefined : sharedYearFindings.get(key);
  if (found) return found;
  const make = () => violation('ZJ-13', `每年须修满 ${yearMin} 学分（${year} 年实际 ${counted} < ${yearMin}）`,
    `every year needs ${yearMin} credits (${year}: ${counted} < ${yearMin})`, yearMin, counted, `byYear.${year}`);
  return key === null ? shared(sharedFindings, `ZJ-13y|${yearMin}|${year}|${counted}`, make) : shared(sharedYearFindings, key, make);
}

/** ZJ-13..ZJ-15 findings for a summary. Years count once they are over; the cycle once it is over. */
export function auditFindings(s: CreditSummary, options: ZhejiangOptions, today = chinaDay()): Violation[] {
  const o = options.credits;
  const year = Number(today.slice(0, 4));
  const out: Violation[] = [];
  const cycleOver = s.cycle.endYear < year;
  if (cycleOver && s.counted < s.required) {
    const capped: Bucket[] = [];
    let cappedKey = '';
    for (const b of s.buckets) {
      if (b.cap === null || b.raw <= b.counted) continue;
      capped.push(b);
      cappedKey += `${b.key}:${b.raw}:${b.counted}:${b.cap},`;
    }
    const principal = s.buckets[PRINCIPAL]!.raw !== 0;
    // The most frequent finding of all: keyed by numbers when nothing but the totals is in its wording.
    const plainKey = capped.length || principal ? null : cycleKey(s.required, s.counted);
    let plain = plainKey === null ? undefined : sharedCycleFindings.get(s.cycle.name);
    if (plainKey !== null && !plain) {
      if (sharedCycleFindings.size >= 100) sharedCycleFindings.clear();
      sharedCycleFindings.set(s.cycle.name, (plain = new Map()));
    }
    const key = plainKey === null ? `ZJ-13|${s.cycle.name}|${s.required}|${s.counted}|${principal ? o.principalRate : ''}|${cappedKey}` : plainKey;
    out.push(shared<string | number>((plain ?? sharedFindings) as Map<string | number, Violation>, key, () => {
      const notesZh = [
        ...capped.map((b) => `${SOURCE_ZH[b.key]}超出上限 ${round1(b.raw - b.counted)}`),
        ...(principal ? [`任职资格培训按${o.principalRate * 100}%计`] : []),
      ];
      const notesEn = [
        ...capped.map((b) => `${b.key} ${b.raw} capped at ${b.cap}`),
        ...(principal ? [`principal qualification training at ${o.principalRate * 100}%`] : []),
      ];
      return violation('ZJ-13', `${s.cycle.name}须修满 ${s.required} 学分（实际计入 ${s.counted} < ${s.required}${notesZh.length ? `；${notesZh.join('，')}` : ''}）`,
        `a cycle needs ${s.required} credits (counted ${s.counted} < ${s.required}${notesEn.length ? `; ${notesEn.join(', ')}` : ''})`, s.required, s.counted, 'totalCredits');
    }));
  }
  for (const y of s.byYear) {
    if (y.year < s.firstOwedYear || y.year >= year) continue;
    if (y.counted >= o.yearMin) continue;
    out.push(yearFinding(o.yearMin, y.year, y.counted));
  }
  if (cycleOver && s.firstOwedYear === s.cycle.startYear && s.blockClassId === null)
    out.push(shared(sharedFindings, `ZJ-14|${o.blockCredits}`, () => violation('ZJ-14', `每个周期须参加一次 ${o.blockCredits} 学分集中培训（实际 0 次）`,
      `a cycle needs one concentrated ${o.blockCredits}-credit training in one block (none)`, 1, 0, 'block')));
  if (s.probation.required) {
    if (s.probation.credits < o.probationMin)
      out.push(shared(sharedFindings, `ZJ-15|${o.probationMin}|${s.probation.credits}`, () => violation('ZJ-15', `新教师试用期培训须修满 ${o.probationMin} 学分（实际 ${s.probation.credits} < ${o.probationMin}）`,
        `probation training needs ${o.probationMin} credits (${s.probation.credits} < ${o.probationMin})`, o.probationMin, s.probation.credits, 'probation')));
    if (s.probation.practice < o.probationPracticeMin)
      out.push(shared(sharedFindings, `ZJ-15p|${o.probationPracticeMin}|${s.probation.practice}`, () => violation('ZJ-15', `新教师试用期培训实践学分不少于 ${o.probationPracticeMin}（实际 ${s.probation.practice} < ${o.probationPracticeMin}）`,
        `probation practice credits ${s.probation.practice} < ${o.probationPracticeMin}`, o.probationPracticeMin, s.probation.practice, 'probation')));
  }
  return out;
}

/** ZJ-13..ZJ-16 at 'cycle.audit': the findings of the teacher's cycle as Zhejiang counts it. */
export const cycleAudit: RuleCheck<'cycle.audit', ZhejiangOptions> = async ({ input, em, options }) => {
  const s = await creditSummary(em, input.teacherId, input.cycleId, options);
  return auditFindings(s, options);
};

/**
 * The same findings for many teachers at once (a region-wide audit): a handful of statements
 * for the whole batch — teachers' hire dates, the projects of the classes in their ledgers and,
 * for teachers hired during the cycle, their class credits of any cycle (ZJ-15 probation) —
 * instead of five or more per teacher. Inputs without `ledger` fall back to the per-teacher check.
 */
cycleAudit.batch = async ({ inputs, em, options, memo }) => {
  const today = chinaDay();
  const out: Violation[][] = new Array(inputs.length);
  // Inputs with a ledger, by index: a province's audit passes a thousand per call, so nothing is allocated per input that need not be.
  const batched: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]!.ledger) batched.push(i);
    else out[i] = auditFindings(await creditSummary(em, inputs[i]!.teacherId, inputs[i]!.cycleId, options, today), options, today);
  }
  if (!batched.length) return out;

  // Cycles, projects and curricula are read once per run (a region-wide audit asks again every chunk).
  const cycles = kept<number, Cycle>(memo, 'cycles');
  const unreadCycles = [...new Set(batched.map((i) => inputs[i]!.cycleId))].filter((id) => !cycles.has(id));
  if (unreadCycles.length) for (const c of await em.getRepository(Cycle).findBy({ id: In(unreadCycles) })) cycles.set(c.id, c);
  // Hire dates: given by a region-wide audit, read otherwise.
  const teachers = new Map<number, Pick<Teacher, 'id' | 'hireDate'>>();
  const unread = [...new Set(batched.filter((i) => inputs[i]!.hireDate === undefined).map((i) => inputs[i]!.teacherId))];
  for (let k = 0; k < unread.length; k += 1000)
    for (const t of await em.getRepository(Teacher).find({ where: { id: In(unread.slice(k, k + 1000)) }, select: { id: true, hireDate: true } })) teachers.set(t.id, t);
  const teacherOf = (input: (typeof inputs)[number]) => (input.hireDate !== undefined ? { hireDate: input.hireDate } : teachers.get(input.teacherId));

  // ZJ-15: class credits of any cycle for the teachers hired during their audited cycle.
  const hired: number[] = [];
  const classIds = new Set<number>();
  for (const i of batched) {
    const input = inputs[i]!;
    const teacher = teacherOf(input);
    const cycle = cycles.get(input.cycleId);
    if (teacher && cycle && hiredIn(teacher, cycle)) hired.push(input.teacherId);
    for (const line of input.ledger!.lines) if (line.classId) classIds.add(Number(line.classId));
  }
  const classLinesOf = new Map<number, Line[]>();
  for (let k = 0; k < hired.length; k += 1000) {
    const rows = await em.getRepository(CreditRecord).find({
      where: { teacherId: In(hired.slice(k, k + 1000)), classId: Not(IsNull()) },
      select: { id: true, teacherId: true, credits: true, classId: true, source: true, correctsId: true, year: true },
      order: { id: 'ASC' },
    });
    for (const r of rows) {
      (classLinesOf.get(r.teacherId) ?? classLinesOf.set(r.teacherId, []).get(r.teacherId)!).push(r);
      if (r.classId) classIds.add(Number(r.classId));
    }
  }
  const projectOf = await projectsOfClasses(em, [...classIds], kept(memo, 'projectOfClass'));
  const probationProjects = [...new Set([...projectOf.values()].filter((p) => options.credits.probationCategories.includes(p.category)).map((p) => p.id))];
  const shares = await practiceShares(em, probationProjects, kept(memo, 'practiceShares'));

  const none = { credits: 0, practice: 0 };
  for (const i of batched) {
    const input = inputs[i]!;
    const teacher = teacherOf(input);
    const cycle = cycles.get(input.cycleId);
    if (!teacher || !cycle) {
      out[i] = [];
      continue;
    }
    const probation = hiredIn(teacher, cycle) ? probationOf(classLinesOf.get(input.teacherId) ?? [], projectOf, shares, options) : none;
    out[i] = auditFindings(summarize({ teacherId: input.teacherId, teacher, cycle, lines: input.ledger!.lines, projectOf, probation, plain: input.ledger }, options, today), options, today);
  }
  return out;
};

/** ZJ-16: registering `credits` of a capped source must not take the cycle over the source's cap. */
export async function capViolation(em: EntityManager, teacherId: number, cycleId: number, source: string, credits: number, options: ZhejiangOptions): Promise<Violation[]> {
  if (!(CONVERTED_SOURCES as readonly string[]).includes(source)) return [];
  const s = await creditSummary(em, teacherId, cycleId, options);
  const bucket = s.buckets.find((b) => b.key === source)!;
  const after = round1(bucket.raw + credits);
  if (bucket.cap === null || after <= bucket.cap) return [];
  return [violation('ZJ-16', `${SOURCE_ZH[source]}每周期最多计 ${bucket.cap} 学分（${s.cycle.name}实际 ${bucket.raw} + ${credits} = ${after} > ${bucket.cap}）`,
    `${source} credits are capped at ${bucket.cap} per cycle (${bucket.raw} + ${credits} = ${after} > ${bucket.cap})`, bucket.cap, after, 'credits')];
}

/** ZJ-16 at 'credit.register' (proposed core point, for the core's registerExternalCredits). */
export const registerCap: RuleCheck<'credit.register', ZhejiangOptions> = async ({ input, em, options }) =>
  capViolation(em, input.teacherId, input.cycleId, input.source, input.credits, options);
