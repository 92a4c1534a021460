import { makeIdNumber } from '../domain/id-number.js';
import { BackboneLevel, CreditSource, Gender, ProfessionalTitle, RegionLevel, Stage } from '../entities/enums.js';
import { EXTERNAL_ISSUERS, SCHOOL_SHARE, SCHOOL_SIZE, SUBJECTS_BY_STAGE } from './catalog.js';
import { chineseNumber, mobile, personName, placeName } from './names.js';
import { Rng, Weighted, addDays, at, dayNumber, fromDayNumber, hash32, yearOf } from './random.js';
import { placePrefix, regionWeight, ruralShare } from './regions.js';
import { provinceOf, type RegionRef, type SchoolRef, type SeedCtx, type World } from './world.js';

/** Progress of one generator phase: a line every few seconds and a summary with rows/s. */
export class Phase {
  private readonly t0 = performance.now();
  private lastPrint = this.t0;
  private readonly base: number;
  private readonly writeMs0: number;
  constructor(private readonly ctx: SeedCtx, readonly label: string, private readonly total = 0) {
    this.base = rowsPushed(ctx);
    this.writeMs0 = ctx.w.writeMs;
  }

  rows(): number {
    return rowsPushed(this.ctx) - this.base;
  }

  /** Call now and then with how many units (teachers, classes …) are done. */
  tick(done: number): void {
    const now = performance.now();
    if (now - this.lastPrint < 5000) return;
    this.lastPrint = now;
    const s = (now - this.t0) / 1000;
    const of = this.total ? `/${fmt(this.total)}` : '';
    this.ctx.log(`  … ${this.label}: ${fmt(done)}${of}, ${fmt(this.rows())} rows, ${fmt(this.rows() / s)} rows/s`);
  }

  async end(): Promise<PhaseResult> {
    await this.ctx.w.flushAll();
    const seconds = (performance.now() - this.t0) / 1000;
    const rows = this.rows();
    const db = (this.ctx.w.writeMs - this.writeMs0) / 1000;
    this.ctx.log(`✓ ${this.label}: ${fmt(rows)} rows in ${seconds.toFixed(1)} s (${fmt(rows / Math.max(seconds, 1e-3))} rows/s; writing ${db.toFixed(1)} s)`);
    return { label: this.label, rows, seconds };
  }
}

export interface PhaseResult { label: string; rows: number; seconds: number }

export function rowsPushed(ctx: SeedCtx): number {
  let n = 0;
  for (const s of Object.values(ctx.s)) n += s.count;
  return n;
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Schools

export interface SchoolPlanOptions {
  /** Weight per district id (default: regions.ts weights). */
  weights?: Record<string, number>;
  /** Districts to use (default: every district of the world). */
  districts?: RegionRef[];
  /** Make the first schools one of every stage (small runs still show every stage). */
  everyStage?: boolean;
  /** Named schools written first (they count toward `count`). */
  fixed?: Omit<SchoolRef, 'id'>[];
}

const KG_BRANDS = ['爱心', '阳光', '童趣', '七彩', '启明', '蓝天', '小太阳', '金色摇篮', '育才', '贝贝', '星辰', '博雅'];

/** Writes `count` schools spread over districts, each under its district's bureau. */
export async function generateSchools(ctx: SeedCtx, world: World, count: number, opts: SchoolPlanOptions = {}): Promise<SchoolRef[]> {
  const rng = ctx.rng.fork('schools');
  const districts = opts.districts ?? [...world.regions.values()].filter((r) => r.level === RegionLevel.district);
  if (districts.length === 0) throw new Error('no districts to put schools in: seed the regions first');
  const pickDistrict = new Weighted(districts.map((d) => [d, opts.weights?.[d.id] ?? regionWeight(d.id)] as const));
  const pickStage = new Weighted(SCHOOL_SHARE);
  const lookup = (id: string) => world.regions.get(id);
  const used = new Map<string, Set<string>>();
  for (const s of world.schools) (used.get(s.regionId) ?? used.set(s.regionId, new Set()).get(s.regionId)!).add(s.name);
  const codeSeq = new Map<string, number>();
  const stages = Object.values(Stage);
  const made: SchoolRef[] = [];
  const fixed = opts.fixed ?? [];
  for (let i = 0; i < count; i++) {
    const given = fixed[i];
    const district = given ? world.regions.get(given.regionId)! : pickDistrict.pick(rng);
    const k = i - fixed.length;
    const stage = given?.stage ?? (opts.everyStage && k >= 0 && k < stages.length ? stages[k]! : pickStage.pick(rng));
    const rural = given?.rural ?? (stage !== Stage.special && rng.chance(ruralShare(district.id, district.name)));
    const isPrivate = given?.isPrivate ?? (stage === Stage.kindergarten ? rng.chance(0.4) : rng.chance(0.04));
    const names = used.get(district.id) ?? used.set(district.id, new Set()).get(district.id)!;
    const name = given?.name ?? schoolName(rng, placePrefix(district.id, lookup), stage, rural, isPrivate, names);
    names.add(name);
    const seq = (codeSeq.get(district.id) ?? 0) + 1;
    codeSeq.set(district.id, seq);
    const id = ctx.s.institution.id();
    const school: SchoolRef = { id, name, regionId: district.id, stage, rural, isPrivate };
    ctx.s.institution.push([
      id, name, `${district.id.slice(0, 4)}${String(hash32(`${district.id}:${seq}:${name}`) % 1_000_000).padStart(6, '0')}`, 'school', null,
      district.id, world.bureaus.get(district.id) ?? null, stage, rural, isPrivate, 0,
    ]);
    made.push(school);
    world.schools.push(school);
    await ctx.s.institution.spill();
  }
  return made;
}

function schoolName(rng: Rng, prefix: string, stage: Stage, rural: boolean, isPrivate: boolean, used: Set<string>): string {
  const options = (): string => {
    const place = placeName(rng);
    const n = chineseNumber(rng.int(1, 30));
    switch (stage) {
      case Stage.kindergarten:
        if (isPrivate) return `${prefix}${rng.pick(KG_BRANDS)}${rng.chance(0.5) ? place : ''}幼儿园`;
        return rural ? `${prefix}${place}镇中心幼儿园` : `${prefix}${rng.pick(['实验', '机关', `第${n}`, place])}幼儿园`;
      case Stage.primary:
        if (isPrivate) return `${prefix}${place}外国语小学`;
        return rural ? rng.pick([`${prefix}${place}镇中心小学`, `${prefix}${place}镇${placeName(rng)}小学`]) : `${prefix}${rng.pick(['实验', `第${n}`, place, place])}小学`;
      case Stage.junior:
        if (isPrivate) return `${prefix}${place}实验学校`;
        return rural ? `${prefix}${place}镇初级中学` : `${prefix}${rng.pick([`第${n}`, place, `${place}实验`])}中学`;
      case Stage.senior:
        return rural ? `${prefix}${place}中学` : `${prefix}${rng.pick([`第${n}高级`, `${place}高级`, `第${n}`])}中学`;
      case Stage.vocational:
        return rng.pick([`${prefix}职业教育中心`, `${prefix}${place}职业高级中学`, `${prefix}第${n}职业高级中学`, `${prefix}${place}职业中学`]);
      case Stage.special:
        return rng.pick([`${prefix}特殊教育学校`, `${prefix}${place}特殊教育学校`, `${prefix}启智学校`]);
    }
  };
  for (let tries = 0; tries < 30; tries++) {
    const name = options();
    if (!used.has(name)) return name;
  }
  const base = options();
  for (let k = 2; ; k++) {
    const name = base.replace(/(小学|中学|幼儿园|学校|中心)$/, `第${chineseNumber(k)}分校$1`);
    if (!used.has(name)) return name;
  }
}

// ---------------------------------------------------------------------------------------------
// Teachers

/** The teachers the generators made, kept compactly for later phases (enrollments, credits). */
export class TeacherTable {
  id: Int32Array;
  school: Int32Array;
  region: Uint16Array;
  subject: Uint16Array;
  stage: Uint8Array;
  title: Uint8Array;
  backbone: Uint8Array;
  hireYear: Uint16Array;
  /** 1 rural, 2 private */
  flags: Uint8Array;
  length = 0;
  readonly regionIds: string[] = [];
  readonly subjects: string[] = [];
  private readonly regionIdx = new Map<string, number>();
  private readonly subjectIdx = new Map<string, number>();

  constructor(capacity: number) {
    this.id = new Int32Array(capacity);
    this.school = new Int32Array(capacity);
    this.region = new Uint16Array(capacity);
    this.subject = new Uint16Array(capacity);
    this.stage = new Uint8Array(capacity);
    this.title = new Uint8Array(capacity);
    this.backbone = new Uint8Array(capacity);
    this.hireYear = new Uint16Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  add(t: { id: number; schoolId: number; regionId: string; subject: string; stage: Stage; title: ProfessionalTitle; backbone: BackboneLevel; hireYear: number; rural: boolean; isPrivate: boolean }): number {
    const i = this.length++;
    this.id[i] = t.id;
    this.school[i] = t.schoolId;
    this.region[i] = intern(this.regionIdx, this.regionIds, t.regionId);
    this.subject[i] = intern(this.subjectIdx, this.subjects, t.subject);
    this.stage[i] = STAGES.indexOf(t.stage);
    this.title[i] = TITLES.indexOf(t.title);
    this.backbone[i] = BACKBONES.indexOf(t.backbone);
    this.hireYear[i] = t.hireYear;
    this.flags[i] = (t.rural ? 1 : 0) | (t.isPrivate ? 2 : 0);
    return i;
  }

  regionOf(i: number): string {
    return this.regionIds[this.region[i]!]!;
  }

  subjectOf(i: number): string {
    return this.subjects[this.subject[i]!]!;
  }

  stageOf(i: number): Stage {
    return STAGES[this.stage[i]!]!;
  }
}

function intern(map: Map<string, number>, list: string[], v: string): number {
  let i = map.get(v);
  if (i === undefined) {
    i = list.length;
    list.push(v);
    map.set(v, i);
  }
  return i;
}

export const STAGES = Object.values(Stage);
export const TITLES = Object.values(ProfessionalTitle);
export const BACKBONES = Object.values(BackboneLevel);

/**
 * GB 11643 numbers that are unique across the table: region (birthplace) + birth date +
 * a sequence counted per (region, date, gender) — 500 per gender and day — starting at a
 * per-key offset; a full day moves to the next. Numbers already in the database are skipped.
 */
export class IdNumberAllocator {
  private readonly counters = new Map<string, number>();
  constructor(private readonly used: Set<string> = new Set()) {}

  static async load(ctx: SeedCtx): Promise<IdNumberAllocator> {
    const rows = (await ctx.em.query('SELECT idNumber FROM teacher')) as { idNumber: string }[];
    return new IdNumberAllocator(new Set(rows.map((r) => r.idNumber.slice(0, 17))));
  }

  make(region: string, birthDate: string, gender: Gender): { idNumber: string; birthDate: string } {
    const male = gender === Gender.male;
    for (let shift = 0; ; shift++) {
      const date = shift ? addDays(birthDate, shift) : birthDate;
      const key = region + date.replaceAll('-', '');
      const ck = male ? `${key}m` : `${key}f`;
      let c = this.counters.get(ck) ?? 0;
      const offset = hash32(key) % 500;
      while (c < 500) {
        const seq = ((offset + c) % 500) * 2 + (male ? 1 : 0);
        c++;
        const first17 = key + String(seq).padStart(3, '0');
        if (this.used.has(first17)) continue;
        this.counters.set(ck, c);
        return { idNumber: makeIdNumber(region, date, seq, gender), birthDate: date };
      }
      this.counters.set(ck, c);
    }
  }
}

const MALE_SHARE: Record<Stage, number> = {
  kindergarten: 0.03, primary: 0.22, junior: 0.38, senior: 0.46, vocational: 0.5, special: 0.25,
};

function titleFor(rng: Rng, years: number, stage: Stage, isPrivate: boolean): ProfessionalTitle {
  let t: ProfessionalTitle;
  if (years < 1) t = ProfessionalTitle.none;
  else if (years < 3) t = rng.chance(0.8) ? ProfessionalTitle.third : ProfessionalTitle.second;
  else if (years < 8) t = rng.chance(0.85) ? ProfessionalTitle.second : ProfessionalTitle.first;
  else if (years < 15) t = rng.chance(0.45) ? ProfessionalTitle.second : ProfessionalTitle.first;
  else if (years < 25) t = rng.chance(0.7) ? ProfessionalTitle.first : ProfessionalTitle.associate_senior;
  else t = rng.chance(0.04) ? ProfessionalTitle.senior : rng.chance(0.55) ? ProfessionalTitle.first : ProfessionalTitle.associate_senior;
  if ((isPrivate && stage === Stage.kindergarten) || (isPrivate && rng.chance(0.5)))
    if (t === ProfessionalTitle.associate_senior || t === ProfessionalTitle.senior || t === ProfessionalTitle.first) t = ProfessionalTitle.second;
  return t;
}

function backboneFor(rng: Rng, title: ProfessionalTitle): BackboneLevel {
  if (title === ProfessionalTitle.first || title === ProfessionalTitle.associate_senior || title === ProfessionalTitle.senior) {
    const x = rng.next();
    return x < 0.55 ? BackboneLevel.none : x < 0.77 ? BackboneLevel.school : x < 0.92 ? BackboneLevel.district : x < 0.985 ? BackboneLevel.municipal : BackboneLevel.national;
  }
  if (title === ProfessionalTitle.second) return rng.chance(0.12) ? BackboneLevel.school : rng.chance(0.03) ? BackboneLevel.district : BackboneLevel.none;
  return BackboneLevel.none;
}

const subjectTables = new Map<Stage, Weighted<string>>();
function subjectFor(rng: Rng, stage: Stage): string {
  let t = subjectTables.get(stage);
  if (!t) subjectTables.set(stage, (t = new Weighted(SUBJECTS_BY_STAGE[stage])));
  return t.pick(rng);
}

export interface TeacherOptions {
  /** Share of teachers whose record was changed once (a title promotion: version 2). */
  changeRate?: number;
  /** When the platform took the existing teachers over (their version-1 record's date). */
  onboardDate?: string;
  phase?: Phase;
}

/**
 * Writes `total` teachers over `schools` (sizes by stage, with noise; every school gets its
 * principal first), each with a version-1 TeacherChange, and records them in `table`.
 */
export async function generateTeachers(
  ctx: SeedCtx, world: World, schools: SchoolRef[], total: number, table: TeacherTable, ids: IdNumberAllocator, opts: TeacherOptions = {},
): Promise<void> {
  if (schools.length === 0 || total <= 0) return;
  const rng = ctx.rng.fork('teachers');
  const counts = apportion(total, schools.map((s) => SCHOOL_SIZE[s.stage] * rng.around(1, 0.35, 0.4)), 1);
  const todayDn = dayNumber(ctx.today);
  const todayYear = yearOf(ctx.today);
  const onboard = opts.onboardDate ?? '2020-09-01';
  const byProvince = new Map<string, string[]>();
  for (const r of world.regions.values())
    if (r.level === RegionLevel.district) (byProvince.get(provinceOf(r.id)) ?? byProvince.set(provinceOf(r.id), []).get(provinceOf(r.id))!).push(r.id);
  const allDistricts = [...byProvince.values()].flat();
  const { teacher: ts, teacher_change: tcs } = ctx.s;
  let made = 0;
  for (let si = 0; si < schools.length; si++) {
    const school = schools[si]!;
    const province = provinceOf(school.regionId);
    const prov2 = province.slice(0, 2);
    for (let k = 0; k < counts[si]!; k++) {
      const principal = k === 0;
      const gender = rng.chance(principal ? 0.6 : MALE_SHARE[school.stage]) ? Gender.male : Gender.female;
      const age = Math.round(
        principal ? rng.int(40, 57) : school.isPrivate && school.stage === Stage.kindergarten ? rng.around(29, 8, 21, 50) : rng.around(40, 20, 22, 59),
      );
      const bornDn = todayDn - Math.floor(age * 365.25) - rng.int(0, 364);
      const birthplace = rng.chance(0.75) ? school.regionId : rng.chance(0.8) ? rng.pick(byProvince.get(province) ?? allDistricts) : rng.pick(allDistricts);
      const { idNumber, birthDate } = ids.make(birthplace, fromDayNumber(bornDn), gender);
      const birthYear = yearOf(birthDate);
      const hireYear = Math.min(todayYear, birthYear + rng.int(21, 25) + (rng.chance(0.1) ? rng.int(1, 6) : 0));
      const hireDate = `${hireYear}-${rng.chance(0.85) ? '08' : '02'}-${String(rng.int(20, 28)).padStart(2, '0')}`;
      const years = todayYear - hireYear;
      let title = titleFor(rng, years, school.stage, school.isPrivate);
      if (principal && (title === ProfessionalTitle.none || title === ProfessionalTitle.third || title === ProfessionalTitle.second))
        title = ProfessionalTitle.first;
      const backbone = backboneFor(rng, title);
      const subject = principal ? '校长' : subjectFor(rng, school.stage);
      const name = personName(rng, gender, birthYear, prov2);
      const phone = rng.chance(0.9) ? mobile(rng) : null;
      const id = ts.id();
      // A promotion after joining the platform: version 1 had the title below.
      const rank = TITLES.indexOf(title);
      const promoted = opts.changeRate && rank >= 2 && years >= 4 && rng.chance(opts.changeRate);
      const version = promoted ? 2 : 1;
      ts.push([id, name, idNumber, gender, birthDate, phone, school.id, school.regionId, school.stage, subject, title, hireDate,
        school.rural, school.isPrivate, backbone, version]);
      const onboardDate = hireDate > onboard ? hireDate : onboard;
      const created = {
        name, idNumber, gender, birthDate, phone, schoolId: school.id, regionId: school.regionId, stage: school.stage, subject,
        title: promoted ? TITLES[rank - 1]! : title, hireDate, rural: school.rural, isPrivate: school.isPrivate, backboneLevel: backbone,
      };
      tcs.push([tcs.id(), id, 1, `seed:school:${school.id}`, ctx.w.dt(at(onboardDate, 9 * 60 + (id % 480))), null, JSON.stringify(created)]);
      if (promoted) {
        const when = `${rng.int(Math.max(yearOf(onboardDate) + 1, 2022), todayYear - 1)}-12-${String(rng.int(10, 28)).padStart(2, '0')}`;
        tcs.push([tcs.id(), id, 2, `seed:bureau:${school.regionId}`, ctx.w.dt(at(when, rng.int(540, 1020))),
          JSON.stringify({ title: created.title }), JSON.stringify({ title })]);
      }
      table.add({ id, schoolId: school.id, regionId: school.regionId, subject, stage: school.stage, title, backbone, hireYear, rural: school.rural, isPrivate: school.isPrivate });
      made++;
    }
    await ts.spill();
    await tcs.spill();
    opts.phase?.tick(made);
  }
}

/** Splits `total` into integers proportional to `weights` (largest remainder), each at least `min` when possible. */
export function apportion(total: number, weights: number[], min = 0): number[] {
  const n = weights.length;
  const floor = Math.min(min, Math.floor(total / Math.max(n, 1)));
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => floor + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]![1]]!++;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Credit ledger (C-2, C-13): credits earned outside the platform's classes

const LEDGER_SOURCES: [CreditSource, number][] = [
  [CreditSource.school_based, 36], [CreditSource.online, 20], [CreditSource.external, 16], [CreditSource.research, 8],
  [CreditSource.trainer, 5], [CreditSource.support_teaching, 3], [CreditSource.degree, 1], [CreditSource.annual_complete, 5],
];
const AMOUNTS: Record<string, number[]> = {
  school_based: [6, 8, 10, 12, 16, 24], online: [2, 4, 6, 8, 10], external: [6, 8, 12, 16, 24, 30], research: [5, 10, 15, 20],
  trainer: [4, 6, 8], support_teaching: [20, 30, 40], degree: [40, 60], annual_complete: [72],
};
const TIMES = Array.from({ length: 36 }, (_, i) => 8 * 60 + 30 + i * 15);

/**
 * Writes about `perTeacher` ledger records for each teacher (between half and one and a half
 * times that), over the years since 2021 (or since hire) up to today: school-based study,
 * online and external courses with evidence, research, serving as a trainer, support
 * teaching, degree study, and backbone teachers' annual completion (BB-8).
 */
export async function generateLedger(ctx: SeedCtx, world: World, table: TeacherTable, perTeacher: number, opts: { phase?: Phase; fromYear?: number } = {}): Promise<void> {
  if (perTeacher <= 0 || table.length === 0) return;
  const rng = ctx.rng.fork('ledger');
  const pickSource = new Weighted(LEDGER_SOURCES);
  const fromYear = opts.fromYear ?? 2021;
  const todayYear = yearOf(ctx.today);
  const firstDn = dayNumber(`${fromYear}-01-01`);
  const todayDn = dayNumber(ctx.today);
  // Datetime strings by (day, time slot), built lazily: the hot loop only indexes.
  const stamps: string[] = [];
  const stamp = (dn: number, slot: number): string => {
    const k = (dn - firstDn) * TIMES.length + slot;
    return (stamps[k] ??= ctx.w.dt(at(fromDayNumber(dn), TIMES[slot]!)));
  };
  const yearStart: number[] = [];
  for (let y = fromYear; y <= todayYear + 1; y++) yearStart[y] = dayNumber(`${y}-01-01`);
  const cr = ctx.s.credit_record;
  for (let i = 0; i < table.length; i++) {
    const teacherId = table.id[i]!;
    const regionId = table.regionOf(i);
    const first = Math.max(fromYear, table.hireYear[i]!);
    const span = todayYear - first + 1;
    const backbone = table.backbone[i]! > 0;
    const n = Math.round(rng.around(perTeacher, perTeacher * 0.5, 0));
    for (let k = 0; k < n; k++) {
      const year = first + Math.floor(rng.next() * span);
      const cycleId = world.cycles.get(year);
      if (cycleId === undefined) continue;
      const last = year === todayYear ? todayDn - 1 : yearStart[year + 1]! - 1;
      // Not before joining the school in the hiring year.
      const start = year === table.hireYear[i] ? Math.min(last, yearStart[year]! + 243) : yearStart[year]!;
      const dn = start + Math.floor(rng.next() * (last - start + 1));
      let source = pickSource.pick(rng);
      if (!backbone && (source === CreditSource.trainer || source === CreditSource.annual_complete)) source = CreditSource.school_based;
      const amounts = AMOUNTS[source]!;
      const credits = amounts[Math.floor(rng.next() * amounts.length)]!;
      let evidence: string | null = null;
      let createdBy = `seed:bureau:${regionId}`;
      switch (source) {
        case CreditSource.school_based:
          createdBy = `seed:school:${table.school[i]}`;
          evidence = `${year}年度校本研修考核合格`;
          break;
        case CreditSource.online:
          evidence = `${EXTERNAL_ISSUERS[teacherId % 2]} 学习记录 ${year}${String(teacherId % 100000).padStart(5, '0')}${k}`;
          break;
        case CreditSource.external:
          evidence = `${EXTERNAL_ISSUERS[Math.floor(rng.next() * EXTERNAL_ISSUERS.length)]} 结业证书 ${regionId.slice(0, 2) === '33' ? 'ZJ' : 'CQ'}${year}${String(rng.int(0, 999999)).padStart(6, '0')}`;
          break;
        case CreditSource.research:
          evidence = `${year}年度区级课题结题证书`;
          break;
        case CreditSource.trainer:
          evidence = `担任${year}年区县级培训授课专家`;
          break;
        case CreditSource.support_teaching:
          evidence = `${year}年乡村学校支教一学期`;
          break;
        case CreditSource.degree:
          evidence = '教育硕士学位证书';
          break;
        case CreditSource.annual_complete:
          evidence = `${year}年度骨干教师年度考核合格（BB-8）`;
          break;
      }
      cr.push([cr.id(), teacherId, cycleId, regionId, year, credits, credits, source, null, null, evidence, null, null, null, createdBy,
        stamp(dn, Math.floor(rng.next() * TIMES.length))]);
    }
    if ((i & 255) === 255) {
      await cr.spill();
      opts.phase?.tick(i + 1);
    }
  }
  await cr.flush();
}
