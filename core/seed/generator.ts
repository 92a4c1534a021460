import type { DataSource } from 'typeorm';
import { ClassStatus, ProjectLevel, ProjectStatus, QualificationStatus, RegionLevel, Stage, TrainingMode } from '../entities/enums.js';
import { BulkWriter } from './bulk-insert.js';
import { CATEGORIES, SUBJECTS_BY_STAGE } from './catalog.js';
import {
  IdNumberAllocator, Phase, TeacherTable, fmt, generateLedger, generateSchools, generateTeachers, type PhaseResult,
} from './people.js';
import { Rng, Weighted, dayNumber, fromDayNumber } from './random.js';
import { createProject, TeacherPools, type ClassPlan } from './training.js';
import { loadWorld, openSinks, provinceOf, type Log, type SeedCtx, type World } from './world.js';

/**
 * The bulk generator behind `npm run seed` (and the demo's teachers, ledger and classes):
 * schools spread over the districts (about one per 60 teachers), teachers with valid and
 * unique ID numbers, projects with classes run through selection, attendance, assessment,
 * credits and evaluation, and a credit ledger of about `creditsPerTeacher` records each.
 */
export interface GenerateOptions {
  teachers: number;
  /** Default: one school per 60 teachers. */
  schools?: number;
  /** Default: one class per 300 teachers. */
  classes?: number;
  /** Ledger records per teacher (besides class credits). Default 16. */
  creditsPerTeacher?: number;
  seed?: number;
  /** "Today" for statuses and dates. Default: the demo's reference date. */
  today?: string;
  log?: Log;
}

export interface GenerateReport {
  phases: PhaseResult[];
  rows: number;
  seconds: number;
  teachers: number;
  schools: number;
  classes: number;
}

export const DEMO_TODAY = '2026-11-20';

/** Opens a writer and everything the generator steps share. */
export async function openSeed(ds: DataSource, opts: { seed: number; today: string; log: Log; bulkLoad?: boolean; commitRows?: number }): Promise<SeedCtx> {
  const w = await BulkWriter.open(ds, { bulkLoad: opts.bulkLoad, commitRows: opts.commitRows });
  try {
    const s = await openSinks(w);
    return { w, s, rng: new Rng(opts.seed), today: opts.today, log: opts.log, em: w.manager };
  } catch (e) {
    await w.close(false);
    throw e;
  }
}

/** Adds `teachers` teachers (and schools, classes, credits in proportion) to a database that has the reference data. */
export async function generate(ds: DataSource, opts: GenerateOptions): Promise<GenerateReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const t0 = performance.now();
  const ctx = await openSeed(ds, {
    seed: opts.seed ?? 20261120, today: opts.today ?? DEMO_TODAY, log, bulkLoad: true, commitRows: 200_000,
  });
  let ok = false;
  try {
    const world = await loadWorld(ctx.em);
    if (world.regions.size === 0 || world.cycles.size === 0)
      throw new Error('the generator needs regions, bureaus and cycles: seed the demo first (npm start or npm run seed)');
    const phases: PhaseResult[] = [];
    const nSchools = opts.schools ?? Math.max(1, Math.ceil(opts.teachers / 60));
    let phase = new Phase(ctx, 'schools', nSchools);
    const schools = await generateSchools(ctx, world, nSchools);
    phases.push(await phase.end());

    const table = new TeacherTable(opts.teachers);
    phase = new Phase(ctx, 'teachers', opts.teachers);
    await generateTeachers(ctx, world, schools, opts.teachers, table, await IdNumberAllocator.load(ctx), { phase });
    phases.push(await phase.end());

    const nClasses = opts.classes ?? Math.round(opts.teachers / 300);
    phase = new Phase(ctx, 'classes', nClasses);
    const made = await generateClasses(ctx, world, table, nClasses, phase);
    phases.push(await phase.end());

    const per = opts.creditsPerTeacher ?? 16;
    phase = new Phase(ctx, 'credit ledger', table.length);
    await generateLedger(ctx, world, table, per, { phase });
    phases.push(await phase.end());

    await ctx.w.close(true);
    ok = true;
    phase = new Phase(ctx, 'statistics');
    await analyze(ds);
    phases.push(await phase.end().catch(() => ({ label: 'statistics', rows: 0, seconds: 0 })));
    const seconds = (performance.now() - t0) / 1000;
    const rows = phases.reduce((a, p) => a + p.rows, 0);
    log(`generated ${fmt(rows)} rows in ${seconds.toFixed(1)} s (${fmt(rows / seconds)} rows/s)`);
    return { phases, rows, seconds, teachers: table.length, schools: schools.length, classes: made };
  } finally {
    if (!ok) await ctx.w.close(false).catch(() => undefined);
  }
}

/** Fresh planner statistics after a bulk load. */
export async function analyze(ds: DataSource): Promise<void> {
  if (ds.options.type === 'better-sqlite3') {
    await ds.query('PRAGMA analysis_limit = 1000');
    await ds.query('ANALYZE');
  } else {
    const tables = ['teacher', 'teacher_change', 'institution', 'project', 'training_class', 'enrollment', 'enrollment_review', 'attendance', 'assessment', 'credit_record', 'evaluation'];
    await ds.query(`ANALYZE TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
  }
}

const HOURS: [number, number][] = [[24, 30], [30, 18], [40, 14], [48, 14], [60, 8], [90, 12], [120, 3]];
const STAGE_SHARE: [Stage, number][] = [
  [Stage.primary, 35], [Stage.junior, 25], [Stage.senior, 15], [Stage.kindergarten, 12], [Stage.vocational, 8], [Stage.special, 5],
];

/**
 * Projects (closed ones in the past, published ones still taking selections) with `n`
 * classes in all, at qualified institutions (C-5): each class runs selection, delivery and
 * credits through createProject.
 */
export async function generateClasses(ctx: SeedCtx, world: World, teachers: TeacherTable, n: number, phase?: Phase): Promise<number> {
  if (n <= 0 || teachers.length === 0) return 0;
  const rng = ctx.rng.fork('classes');
  const pools = new TeacherPools(teachers);
  const byId = new Map(world.trainers.map((t) => [t.id, t]));
  const quals = world.quals.filter((q) => q.status === QualificationStatus.active && byId.has(q.institutionId));
  if (quals.length === 0) throw new Error('no qualified training institutions to run classes');
  const pickQual = new Weighted(quals.map((q) => [q, q.subject === '*' ? 3 : 1] as const));
  const pickHours = new Weighted(HOURS);
  const pickStage = new Weighted(STAGE_SHARE);
  const todayDn = dayNumber(ctx.today);
  let made = 0;
  for (let attempts = 0; made < n && attempts < n * 20 + 100; attempts++) {
    const q = pickQual.pick(rng);
    const inst = byId.get(q.institutionId)!;
    const stage = q.subject === '*' ? pickStage.pick(rng) : stageTeaching(rng, q.subject);
    const subject = q.subject === '*' ? rng.pick(SUBJECTS_BY_STAGE[stage].map((x) => x[0])) : q.subject;
    const regionId = reachOf(rng, world, inst.regionId, q.level);
    if (pools.of(regionId).length === 0) continue;
    const hours = pickHours.pick(rng);
    const nClasses = Math.min(n - made, rng.int(1, 3));
    const future = rng.chance(0.12);
    const from = Math.max(dayNumber(q.validFrom), dayNumber('2021-03-01'));
    const until = Math.min(q.validTo ? dayNumber(q.validTo) : Infinity, future ? todayDn + 90 : todayDn - 40 - nClasses * 45);
    if (until - from < 30) continue;
    const start = future ? fromDayNumber(todayDn + rng.int(8, 80)) : fromDayNumber(from + rng.int(0, until - from - 30));
    const classes: ClassPlan[] = Array.from({ length: future ? 1 : nClasses }, () => ({
      status: future ? (rng.chance(0.7) ? ClassStatus.published : ClassStatus.planned) : ClassStatus.finished,
      capacity: rng.int(6, 12) * 5,
      fill: future ? rng.int(50, 100) / 100 : rng.int(75, 100) / 100,
    }));
    const category = stage === Stage.kindergarten || stage === Stage.special ? rng.pick(['学科', '新教师', '骨干教师']) : rng.pick(CATEGORIES);
    const r = await createProject(ctx, world, teachers, pools, {
      institution: inst, level: q.level, regionId, category: subject === '班主任' ? '班主任' : subject === '校长' ? '校长' : category, subject, stage,
      hours, status: future ? ProjectStatus.published : ProjectStatus.closed, startDate: start,
      mode: hours >= 90 && q.level === ProjectLevel.provincial ? TrainingMode.offline : rng.chance(0.2) ? TrainingMode.hybrid : TrainingMode.offline,
      hybridApproved: rng.chance(0.5), fee: rng.chance(0.7), classes,
    });
    made += r.classes.length;
    phase?.tick(made);
  }
  return made;
}

/** A stage whose teachers teach `subject`. */
function stageTeaching(rng: Rng, subject: string): Stage {
  const stages = (Object.keys(SUBJECTS_BY_STAGE) as Stage[]).filter((st) => SUBJECTS_BY_STAGE[st].some(([s]) => s === subject));
  return stages.length ? rng.pick(stages) : Stage.primary;
}

/** The region a project of this level reaches from an institution in `regionId`. */
export function reachOf(rng: Rng, world: World, regionId: string, level: ProjectLevel): string {
  const province = provinceOf(regionId);
  if (level === ProjectLevel.national || level === ProjectLevel.provincial) return province;
  const region = world.regions.get(regionId);
  if (level === ProjectLevel.municipal) {
    if (province === '500000') return province;
    if (region?.level === RegionLevel.city) return regionId;
    if (region?.level === RegionLevel.district && region.parentId) return region.parentId;
    const cities = [...world.regions.values()].filter((r) => r.level === RegionLevel.city && r.parentId === province);
    return cities.length ? rng.pick(cities).id : province;
  }
  if (region?.level === RegionLevel.district) return regionId;
  const inside = [...world.regions.values()].filter((r) => r.level === RegionLevel.district && r.id.startsWith(regionId.slice(0, region?.level === RegionLevel.city ? 4 : 2)));
  return inside.length ? rng.pick(inside).id : regionId;
}

