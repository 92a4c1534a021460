import type { DataSource } from 'typeorm';
import type { Booted } from '../boot.js';
import { seedDemoUsers } from '../auth/demo-users.js';
import {
  ActionStatus, ClassStatus, CreditSource, InstitutionKind, ProfessionalTitle, ProjectLevel, ProjectStatus, QualificationStatus, RegionLevel,
  Stage, TrainingMode,
} from '../entities/enums.js';
import { QualificationAction } from '../entities/index.js';
import { SUBJECTS_BY_STAGE } from './catalog.js';
import { DEMO_TODAY, openSeed } from './generator.js';
import { personName } from './names.js';
import {
  IdNumberAllocator, Phase, TeacherTable, fmt, generateLedger, generateSchools, generateTeachers, type PhaseResult,
} from './people.js';
import { addDays, at, hash32, workTime } from './random.js';
import { REGIONS, bureauName } from './regions.js';
import { createProject, TeacherPools, type ClassPlan, type Outcome, type ProjectPlan } from './training.js';
import { emptyWorld, qualifies, type InstitutionRef, type Log, type SchoolRef, type SeedCtx, type World } from './world.js';

/**
 * The demo (`npm start` on an empty database): Chongqing and Zhejiang with their bureaus,
 * training institutions of every kind with qualifications, schools, teachers, experts,
 * two cycles, and projects in every status with classes, selections at every review step,
 * attendance, assessments, credits and evaluations. Deterministic: a fixed seed and a
 * fixed "today" (2026-11-20), so two seeds give the same rows.
 */
export const DEMO_SEED = 20261120;
export const DEMO_TEACHERS = 2400;
export const DEMO_SCHOOLS = 64;

export interface DemoReport { phases: PhaseResult[]; rows: number; seconds: number }

/**
 * Seeds the deterministic demo into an empty database (no regions), then each enabled
 * plugin's own demo (backbone teachers, periods, …); returns whether it did.
 */
export async function seedDemoIfEmpty(booted: Booted, opts: { log?: Log } = {}): Promise<boolean> {
  const rows = (await booted.ds.query('SELECT COUNT(*) AS n FROM region')) as { n: number | string }[];
  if (Number(rows[0]?.n ?? 0) > 0) return false;
  await seedDemo(booted.ds, opts);
  for (const p of booted.plugins.list) if (p.seedDemo) await booted.ds.transaction((em) => p.seedDemo!(em, p.options));
  return true;
}

export async function seedDemo(ds: DataSource, opts: { log?: Log } = {}): Promise<DemoReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const t0 = performance.now();
  log(`Seeding the demo (reference date ${DEMO_TODAY}) …`);
  const ctx = await openSeed(ds, { seed: DEMO_SEED, today: DEMO_TODAY, log });
  const phases: PhaseResult[] = [];
  try {
    const world = emptyWorld();
    let phase = new Phase(ctx, 'regions, bureaus, institutions, qualifications');
    writeRegionsAndBureaus(ctx, world);
    const inst = writeTrainingInstitutions(ctx, world);
    phases.push(await phase.end());

    phase = new Phase(ctx, 'schools and teachers', DEMO_TEACHERS);
    const schools = await generateSchools(ctx, world, DEMO_SCHOOLS, { fixed: FIXED_SCHOOLS, weights: FEATURED_WEIGHTS, everyStage: true });
    const teachers = new TeacherTable(DEMO_TEACHERS);
    await generateTeachers(ctx, world, schools, DEMO_TEACHERS, teachers, new IdNumberAllocator(), { changeRate: 0.03, phase });
    phases.push(await phase.end());

    phase = new Phase(ctx, 'experts and cycles');
    writeExperts(ctx, world, inst, schools);
    writeCycles(ctx, world);
    phases.push(await phase.end());

    phase = new Phase(ctx, 'projects, classes, selections, delivery', DEMO_PROJECTS.length);
    const pools = new TeacherPools(teachers);
    for (let k = 0; k < DEMO_PROJECTS.length; k++) {
      const plan = demoPlan(DEMO_PROJECTS[k]!, inst);
      if (plan.status !== ProjectStatus.draft && plan.status !== ProjectStatus.rejected) assertQualified(world, plan);
      await createProject(ctx, world, teachers, pools, plan);
      phase.tick(k + 1);
    }
    phases.push(await phase.end());

    phase = new Phase(ctx, 'credit ledger', teachers.length);
    await generateLedger(ctx, world, teachers, 6, { phase });
    writeCorrection(ctx, world, teachers);
    phases.push(await phase.end());

    await writeQualificationActions(ctx, inst);
    await ctx.w.close(true);
  } catch (e) {
    await ctx.w.close(false).catch(() => undefined);
    throw e;
  }
  const users = await seedDemoUsers(ds);
  const seconds = (performance.now() - t0) / 1000;
  const rows = phases.reduce((a, p) => a + p.rows, 0);
  log(`Demo seeded: ${fmt(rows)} rows in ${seconds.toFixed(1)} s${users.length ? ` (demo logins: ${users.join(', ')})` : ''}`);
  return { phases, rows, seconds };
}

// ---------------------------------------------------------------------------------------------
// Regions and bureaus

function creditCode(prefix: string, regionId: string, salt: string): string {
  const body = `${prefix}${regionId}${String(hash32(salt) % 1_000_000_000).padStart(9, '0')}`;
  return body + '0123456789ABCDEFGHJKLMNPQRTUWXY'[hash32(body) % 31];
}

function writeRegionsAndBureaus(ctx: SeedCtx, world: World): void {
  const { s } = ctx;
  for (const r of REGIONS) {
    s.region.push([r.id, r.name, r.level, r.parentId]);
    world.regions.set(r.id, { id: r.id, name: r.name, level: r.level, parentId: r.parentId });
  }
  for (const r of REGIONS) {
    const id = s.institution.id();
    const parentName = r.level === RegionLevel.district && r.parentId ? world.regions.get(r.parentId)?.name : undefined;
    s.institution.push([id, bureauName(r, parentName), creditCode('11', r.id, `bureau:${r.id}`), InstitutionKind.bureau, r.level, r.id,
      r.parentId ? world.bureaus.get(r.parentId) ?? null : null, null, false, false, 0]);
    world.bureaus.set(r.id, id);
  }
}

// ---------------------------------------------------------------------------------------------
// Training institutions and their qualifications (C-5, C-11, C-12, ZJ-8)

type QualSeed = [ProjectLevel, string, string, string | null, QualificationStatus?, string?];
interface InstSeed { key: string; name: string; kind: InstitutionKind; regionId: string; trainers: number; quals: QualSeed[] }

const N = ProjectLevel.national, PV = ProjectLevel.provincial, M = ProjectLevel.municipal, D = ProjectLevel.district, SC = ProjectLevel.school;
const SUSPENDED = QualificationStatus.suspended, REVOKED = QualificationStatus.revoked;
const U = InstitutionKind.university, TR = InstitutionKind.training, DC = InstitutionKind.development_center, BS = InstitutionKind.base_school, ST = InstitutionKind.studio;

const INSTITUTIONS: InstSeed[] = [
  { key: 'zjnu', name: '浙江师范大学', kind: U, regionId: '330702', trainers: 120, quals: [[N, '*', '2019-01-01', null], [PV, '*', '2019-01-01', null], [M, '*', '2020-01-01', null]] },
  { key: 'hznu', name: '杭州师范大学', kind: U, regionId: '330110', trainers: 110, quals: [[N, '*', '2019-01-01', null], [PV, '*', '2019-01-01', null], [M, '*', '2020-01-01', null]] },
  { key: 'nbu', name: '宁波大学', kind: U, regionId: '330205', trainers: 70, quals: [[PV, '*', '2019-06-01', null], [M, '*', '2019-06-01', null]] },
  { key: 'wzu', name: '温州大学', kind: U, regionId: '330304', trainers: 60, quals: [[PV, '*', '2020-01-01', null], [M, '*', '2020-01-01', null]] },
  { key: 'swu', name: '西南大学', kind: U, regionId: '500109', trainers: 130, quals: [[N, '*', '2019-01-01', null], [M, '*', '2019-01-01', null]] },
  { key: 'cqnu', name: '重庆师范大学', kind: U, regionId: '500106', trainers: 100, quals: [[N, '*', '2019-01-01', null], [M, '*', '2019-01-01', null]] },
  {
    key: 'cyjsxy', name: '长江师范学院', kind: U, regionId: '500102', trainers: 45,
    quals: [[N, '*', '2020-01-01', null], [M, '*', '2019-03-01', null],
      [M, '音乐', '2019-03-01', null, SUSPENDED, 'C-11：2024、2025年度音乐学科培训满意度连续两次排名末位且低于80%']],
  },
  { key: 'cqwu', name: '重庆文理学院', kind: U, regionId: '500118', trainers: 40, quals: [[M, '*', '2019-09-01', null]] },
  { key: 'cque', name: '重庆第二师范学院', kind: U, regionId: '500108', trainers: 55, quals: [[M, '*', '2019-01-01', null], [D, '*', '2019-01-01', null]] },
  { key: 'zjtc', name: '浙江省中小学教师培训中心', kind: TR, regionId: '330106', trainers: 35, quals: [[PV, '*', '2019-01-01', null]] },
  { key: 'hzjky', name: '杭州市教育科学研究院', kind: TR, regionId: '330105', trainers: 30, quals: [[M, '*', '2019-01-01', null]] },
  { key: 'cqjky', name: '重庆市教育科学研究院', kind: TR, regionId: '500112', trainers: 40, quals: [[M, '*', '2019-01-01', null]] },
  { key: 'wzjy', name: '温州市教育教学研究院', kind: TR, regionId: '330302', trainers: 25, quals: [[M, '*', '2020-01-01', null]] },
  {
    key: 'boxue', name: '重庆博学教师培训学校', kind: TR, regionId: '500107', trainers: 12,
    quals: [[M, '*', '2020-03-01', null], [M, '英语', '2020-03-01', null, SUSPENDED, 'C-11：2025年度英语学科培训满意度64.8%，低于70%']],
  },
  {
    key: 'qihang', name: '宁波启航教育培训中心', kind: TR, regionId: '330203', trainers: 6,
    quals: [[M, '*', '2019-05-01', null, REVOKED, 'C-12：2023—2025年连续三年未开展培训，取消市级培训资质'], [D, '*', '2019-05-01', null]],
  },
  { key: 'young', name: '杭州智慧教育研修院', kind: TR, regionId: '330108', trainers: 8, quals: [[D, '*', '2026-03-01', null]] },
  { key: 'cqjxxy', name: '重庆市教师进修学院', kind: DC, regionId: '500000', trainers: 60, quals: [[M, '*', '2019-01-01', null], [D, '*', '2019-01-01', null]] },
  { key: 'yhfz', name: '杭州市余杭区教师发展中心', kind: DC, regionId: '330110', trainers: 28, quals: [[D, '*', '2019-03-01', null], [SC, '*', '2019-03-01', null]] },
  { key: 'xsfz', name: '杭州市萧山区教师发展中心', kind: DC, regionId: '330109', trainers: 30, quals: [[D, '*', '2019-03-01', null]] },
  { key: 'xhfz', name: '杭州市西湖区教育发展研究院', kind: DC, regionId: '330106', trainers: 24, quals: [[D, '*', '2019-03-01', null]] },
  { key: 'yzfz', name: '宁波市鄞州区教师发展中心', kind: DC, regionId: '330212', trainers: 26, quals: [[D, '*', '2019-03-01', null]] },
  { key: 'yzjx', name: '重庆市渝中区教师进修学院', kind: DC, regionId: '500103', trainers: 22, quals: [[D, '*', '2019-01-01', null]] },
  { key: 'jlpjx', name: '重庆市九龙坡区教师进修学院', kind: DC, regionId: '500107', trainers: 24, quals: [[D, '*', '2019-01-01', null]] },
  { key: 'ybjx', name: '重庆市渝北区教师进修学院', kind: DC, regionId: '500112', trainers: 26, quals: [[D, '*', '2019-01-01', null]] },
  { key: 'wzjx', name: '重庆市万州区教师进修学院', kind: DC, regionId: '500101', trainers: 20, quals: [[D, '*', '2019-01-01', null]] },
  { key: 'xuejun', name: '杭州学军中学', kind: BS, regionId: '330106', trainers: 6, quals: [[D, '数学', '2021-09-01', null], [D, '物理', '2021-09-01', null]] },
  { key: 'tianchang', name: '杭州市天长小学', kind: BS, regionId: '330102', trainers: 5, quals: [[D, '数学', '2021-09-01', null], [D, '语文', '2021-09-01', null]] },
  { key: 'zhenhai', name: '浙江省镇海中学', kind: BS, regionId: '330211', trainers: 5, quals: [[D, '化学', '2022-03-01', null], [M, '化学', '2022-03-01', null]] },
  { key: 'nankai', name: '重庆南开中学', kind: BS, regionId: '500106', trainers: 6, quals: [[D, '语文', '2021-09-01', null], [D, '数学', '2021-09-01', null]] },
  { key: 'bashu', name: '重庆市巴蜀中学校', kind: BS, regionId: '500103', trainers: 6, quals: [[D, '英语', '2021-09-01', null], [D, '物理', '2021-09-01', null], [SC, '*', '2021-09-01', null]] },
  { key: 'studio_zhou', name: '杭州市周晓燕小学语文名师工作室', kind: ST, regionId: '330102', trainers: 2, quals: [[D, '语文', '2022-01-01', null]] },
  { key: 'studio_lin', name: '温州市林海燕名班主任工作室', kind: ST, regionId: '330302', trainers: 2, quals: [[D, '班主任', '2022-01-01', null]] },
  { key: 'studio_shen', name: '杭州市余杭区沈丽萍名校长工作室', kind: ST, regionId: '330110', trainers: 2, quals: [[D, '校长', '2023-01-01', null]] },
  { key: 'studio_tan', name: '重庆市谭建华中学数学名师工作室', kind: ST, regionId: '500105', trainers: 2, quals: [[D, '数学', '2021-06-01', null]] },
  { key: 'studio_ran', name: '重庆市渝北区冉小军体育名师工作室', kind: ST, regionId: '500112', trainers: 2, quals: [[D, '体育', '2021-01-01', '2025-12-31']] },
];

interface Institutions { byKey: Map<string, InstitutionRef>; quals: Map<string, number[]> }

function writeTrainingInstitutions(ctx: SeedCtx, world: World): Institutions {
  const { s } = ctx;
  const byKey = new Map<string, InstitutionRef>();
  const quals = new Map<string, number[]>();
  for (const seed of INSTITUTIONS) {
    const id = s.institution.id();
    const ref: InstitutionRef = { id, name: seed.name, kind: seed.kind, regionId: seed.regionId };
    s.institution.push([id, seed.name, creditCode('12', seed.regionId, seed.key), seed.kind, null, seed.regionId, null, null, false, false, seed.trainers]);
    byKey.set(seed.key, ref);
    world.trainers.push(ref);
    const ids: number[] = [];
    for (const [level, subject, validFrom, validTo, status = QualificationStatus.active, reason = null] of seed.quals) {
      const qid = s.qualification.id();
      s.qualification.push([qid, id, level, subject, validFrom, validTo, status, reason]);
      world.quals.push({ id: qid, institutionId: id, level, subject, validFrom, validTo, status });
      ids.push(qid);
    }
    quals.set(seed.key, ids);
  }
  return { byKey, quals };
}

/** C-11 / C-12 decisions behind the suspended and revoked rows, one still waiting, one refused. */
async function writeQualificationActions(ctx: SeedCtx, inst: Institutions): Promise<void> {
  const q = (key: string, k: number) => inst.quals.get(key)![k]!;
  const i = (key: string) => inst.byKey.get(key)!;
  const d = (day: string, min: number) => new Date(`${at(day, min).replace(' ', 'T')}Z`);
  const rows = [
    { institutionId: i('boxue').id, qualificationId: q('boxue', 0), regionId: '500000', proposedStatus: QualificationStatus.suspended, rule: 'C-11', subject: '英语',
      reason: '2025年度英语学科培训满意度64.8%，低于70%', status: ActionStatus.approved, proposedAt: d('2026-01-15', 600),
      decidedBy: 'seed:bureau:500000', decidedAt: d('2026-01-22', 900), decisionReason: '同意暂停该机构英语学科培训资质' },
    { institutionId: i('cyjsxy').id, qualificationId: q('cyjsxy', 1), regionId: '500000', proposedStatus: QualificationStatus.suspended, rule: 'C-11', subject: '音乐',
      reason: '2024、2025年度音乐学科培训满意度连续两次排名末位且低于80%', status: ActionStatus.approved, proposedAt: d('2026-01-15', 610),
      decidedBy: 'seed:bureau:500000', decidedAt: d('2026-01-23', 930), decisionReason: '同意' },
    { institutionId: i('qihang').id, qualificationId: q('qihang', 0), regionId: '330200', proposedStatus: QualificationStatus.revoked, rule: 'C-12', subject: null,
      reason: '2023—2025年连续三年未开展培训', status: ActionStatus.approved, proposedAt: d('2026-01-08', 560),
      decidedBy: 'seed:bureau:330200', decidedAt: d('2026-01-20', 840), decisionReason: '取消市级培训资质' },
    { institutionId: i('wzjy').id, qualificationId: q('wzjy', 0), regionId: '330300', proposedStatus: QualificationStatus.suspended, rule: 'C-11', subject: '地理',
      reason: '2026年度地理学科培训满意度68.5%，低于70%', status: ActionStatus.proposed, proposedAt: d('2026-11-12', 620),
      decidedBy: null, decidedAt: null, decisionReason: null },
    { institutionId: i('cqwu').id, qualificationId: q('cqwu', 0), regionId: '500000', proposedStatus: QualificationStatus.revoked, rule: 'C-12', subject: null,
      reason: '平台记录显示2023—2025年未开展市级培训', status: ActionStatus.rejected, proposedAt: d('2026-01-08', 570),
      decidedBy: 'seed:bureau:500000', decidedAt: d('2026-01-19', 1000), decisionReason: '该校2024年承办市级项目（线下备案），数据未同步，不予取消' },
  ];
  await ctx.em.insert(QualificationAction, rows as never);
}

// ---------------------------------------------------------------------------------------------
// Schools (a named core, the rest generated), experts, cycles

const FIXED_SCHOOLS: Omit<SchoolRef, 'id'>[] = [
  { name: '杭州市余杭区实验小学', regionId: '330110', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '杭州市余杭区良渚实验中学', regionId: '330110', stage: Stage.junior, rural: false, isPrivate: false },
  { name: '杭州市余杭区闲林镇中心幼儿园', regionId: '330110', stage: Stage.kindergarten, rural: true, isPrivate: false },
  { name: '杭州市余杭区童趣幼儿园', regionId: '330110', stage: Stage.kindergarten, rural: false, isPrivate: true },
  { name: '重庆市渝中区人和街小学', regionId: '500103', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '重庆市第二十九中学校', regionId: '500103', stage: Stage.junior, rural: false, isPrivate: false },
  { name: '重庆市渝中区大坪幼儿园', regionId: '500103', stage: Stage.kindergarten, rural: false, isPrivate: false },
  { name: '杭州市西湖区文三街小学', regionId: '330106', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '杭州市西湖区保俶塔实验学校', regionId: '330106', stage: Stage.junior, rural: false, isPrivate: false },
  { name: '重庆市沙坪坝区树人小学', regionId: '500106', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '重庆市第七中学校', regionId: '500106', stage: Stage.senior, rural: false, isPrivate: false },
  { name: '杭州市上城区胜利小学', regionId: '330102', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '杭州市萧山区第五高级中学', regionId: '330109', stage: Stage.senior, rural: false, isPrivate: false },
  { name: '重庆市渝北区空港新城小学', regionId: '500112', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '宁波市鄞州区实验中学', regionId: '330212', stage: Stage.junior, rural: false, isPrivate: false },
  { name: '温州市鹿城区广场路小学', regionId: '330302', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '重庆市九龙坡区谢家湾小学', regionId: '500107', stage: Stage.primary, rural: false, isPrivate: false },
  { name: '重庆市字水中学', regionId: '500105', stage: Stage.junior, rural: false, isPrivate: false },
  { name: '重庆市万州区分水镇中心小学', regionId: '500101', stage: Stage.primary, rural: true, isPrivate: false },
  { name: '重庆市城口县职业教育中心', regionId: '500229', stage: Stage.vocational, rural: true, isPrivate: false },
  { name: '杭州市杨绫子学校', regionId: '330105', stage: Stage.special, rural: false, isPrivate: false },
  { name: '宁波市北仑区职业高级中学', regionId: '330206', stage: Stage.vocational, rural: false, isPrivate: false },
  { name: '温州市第八高级中学', regionId: '330302', stage: Stage.senior, rural: false, isPrivate: false },
];

/** Districts with demo projects get most of the generated schools. */
const FEATURED_WEIGHTS: Record<string, number> = Object.fromEntries(
  REGIONS.filter((r) => r.level === RegionLevel.district).map((r) => [r.id, 1]),
);
for (const id of ['330110', '500103', '330106', '500106', '330102', '330109', '500112', '330212', '330302', '500107', '500105', '500101'])
  FEATURED_WEIGHTS[id] = 10;

const STAFF: Record<string, [ProfessionalTitle, string][]> = {
  university: [[ProfessionalTitle.senior, 'doctor'], [ProfessionalTitle.associate_senior, 'doctor'], [ProfessionalTitle.associate_senior, 'master'], [ProfessionalTitle.first, 'master']],
  development_center: [[ProfessionalTitle.associate_senior, 'master'], [ProfessionalTitle.senior, 'bachelor'], [ProfessionalTitle.first, 'master']],
  training: [[ProfessionalTitle.associate_senior, 'master'], [ProfessionalTitle.first, 'bachelor']],
  base_school: [[ProfessionalTitle.senior, 'master'], [ProfessionalTitle.associate_senior, 'bachelor'], [ProfessionalTitle.first, 'bachelor']],
  studio: [[ProfessionalTitle.associate_senior, 'master'], [ProfessionalTitle.first, 'bachelor']],
};
const ACADEMIC_SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '信息技术', '教育学', '心理学', '学前教育'];

function writeExperts(ctx: SeedCtx, world: World, inst: Institutions, schools: SchoolRef[]): void {
  const rng = ctx.rng.fork('experts');
  const { s } = ctx;
  const add = (e: { title: ProfessionalTitle; employerId: number | null; formalStaff: boolean; frontLine: boolean; subject: string | null; regionId: string; birthYear: number; degree: string | null }) => {
    const id = s.expert.id();
    const gender = rng.chance(0.55) ? 'male' : 'female';
    const birthDate = `${e.birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    s.expert.push([id, personName(rng, gender, e.birthYear, e.regionId.slice(0, 2)), e.title, e.employerId, e.formalStaff, e.frontLine, e.subject, e.regionId, birthDate, e.degree]);
    world.experts.push({ id, employerId: e.employerId, formalStaff: e.formalStaff, frontLine: e.frontLine, title: e.title, regionId: e.regionId, subject: e.subject });
  };
  for (const seed of INSTITUTIONS) {
    const ref = inst.byKey.get(seed.key)!;
    const frontLine = seed.kind === InstitutionKind.base_school || seed.kind === InstitutionKind.studio;
    const own = seed.quals.map((q) => q[1]).filter((x) => x !== '*');
    for (const [title, degree] of STAFF[seed.kind]!)
      add({
        title, degree, employerId: ref.id, formalStaff: true, frontLine, regionId: seed.regionId,
        subject: own.length ? rng.pick(own) : rng.pick(ACADEMIC_SUBJECTS),
        birthYear: title === ProfessionalTitle.senior ? rng.int(1962, 1975) : title === ProfessionalTitle.associate_senior ? rng.int(1968, 1985) : rng.int(1978, 1992),
      });
  }
  // Front-line teachers serving as trainers (CQ-6), employed by demo schools.
  for (const school of rng.sample(schools.filter((x) => x.stage !== Stage.kindergarten || rng.chance(0.3)), 26))
    add({
      title: rng.chance(0.4) ? ProfessionalTitle.associate_senior : ProfessionalTitle.first, degree: rng.chance(0.35) ? 'master' : 'bachelor',
      employerId: school.id, formalStaff: true, frontLine: true, regionId: school.regionId,
      subject: rng.pick(SUBJECTS_BY_STAGE[school.stage]).at(0) as string, birthYear: rng.int(1970, 1990),
    });
  // Retired special-grade teachers (特级教师) without an employer.
  for (const regionId of ['330000', '330100', '500000', '500000'])
    add({ title: ProfessionalTitle.senior, degree: 'bachelor', employerId: null, formalStaff: false, frontLine: false, subject: rng.pick(ACADEMIC_SUBJECTS), regionId, birthYear: rng.int(1956, 1963) });
}

function writeCycles(ctx: SeedCtx, world: World): void {
  for (const [start, end] of [[2021, 2025], [2026, 2030]] as const) {
    const id = ctx.s.cycle.id();
    ctx.s.cycle.push([id, `${start}—${end}年周期`, start, end]);
    for (let y = start; y <= end; y++) world.cycles.set(y, id);
  }
}

/** C-14: an external record registered with the wrong amount and its correction. */
function writeCorrection(ctx: SeedCtx, world: World, teachers: TeacherTable): void {
  const { s, w } = ctx;
  const i = 7;
  const teacherId = teachers.id[i]!, regionId = teachers.regionOf(i), schoolActor = `seed:school:${teachers.school[i]}`;
  const cycleId = world.cycles.get(2024)!;
  const original = s.credit_record.id();
  s.credit_record.push([original, teacherId, cycleId, regionId, 2024, 24, 24, CreditSource.external, null, null,
    '浙江省教师培训管理平台 结业证书 ZJ2024031877（12学分）', null, null, null, schoolActor, w.dt('2024-06-18 10:20:00')]);
  s.credit_record.push([s.credit_record.id(), teacherId, cycleId, regionId, 2024, -12, -12, CreditSource.correction, null, null, null, original,
    '证书载明12学分，登记时误录为24学分，更正 −12（C-14）', null, schoolActor, w.dt(workTime(ctx.rng, '2024-09-09'))]);
}

// ---------------------------------------------------------------------------------------------
// Projects: every status, with classes at every stage of their life

type P = [key: string, status: ProjectStatus, level: ProjectLevel, regionId: string, stage: Stage, subject: string, category: string, hours: number, start: string, classes: ClassPlan[], extra?: Partial<ProjectPlan>];

const fin = (capacity: number, fill = 0.9): ClassPlan => ({ status: ClassStatus.finished, capacity, fill });
const pub = (capacity: number, fill: number, extra: Partial<ClassPlan> = {}): ClassPlan => ({ status: ClassStatus.published, capacity, fill, ...extra });
const planned = (capacity: number, fill = 0): ClassPlan => ({ status: ClassStatus.planned, capacity, fill, schedulePublished: false });
const cancelled = (capacity: number, fill: number): ClassPlan => ({ status: ClassStatus.cancelled, capacity, fill, schedulePublished: false });
const C = ProjectStatus.closed, PB = ProjectStatus.published, AP = ProjectStatus.approved, SB = ProjectStatus.submitted, RJ = ProjectStatus.rejected, DR = ProjectStatus.draft;
const pri = Stage.primary, jun = Stage.junior, sen = Stage.senior, kg = Stage.kindergarten, voc = Stage.vocational;
const REVISED_MIX: [Outcome, number][] = [['school', 14], ['institution', 14], ['approved', 40], ['rejected', 8], ['withdrawn', 24]];

const DEMO_PROJECTS: P[] = [
  // closed: 2021–2026, classes finished, credits granted
  ['cqnu', C, N, '500000', pri, '语文', '乡村教师', 60, '2021-07-12', [fin(50), fin(50)]],
  ['zjnu', C, PV, '330000', sen, '历史', '学科', 90, '2021-10-18', [fin(45)]],
  ['hznu', C, PV, '330000', jun, '数学', '骨干教师', 90, '2022-07-11', [fin(50), fin(50)]],
  ['cque', C, M, '500000', kg, '学前教育', '新教师', 40, '2022-08-15', [fin(50)]],
  ['zjnu', C, PV, '330000', pri, '语文', '学科', 90, '2022-10-17', [fin(50)]],
  ['cqjxxy', C, M, '500000', pri, '班主任', '班主任', 40, '2023-04-10', [fin(60), fin(60)]],
  ['swu', C, N, '500000', sen, '物理', '骨干教师', 90, '2023-07-10', [fin(40)]],
  ['yhfz', C, D, '330110', pri, '数学', '新教师', 48, '2023-08-21', [fin(40)]],
  ['tianchang', C, D, '330102', pri, '数学', '学科', 24, '2023-11-06', [fin(30)]],
  ['yzjx', C, D, '500103', jun, '英语', '学科', 30, '2024-03-18', [fin(40)]],
  ['nbu', C, M, '330200', sen, '化学', '学科', 48, '2024-07-15', [fin(40)]],
  ['cyjsxy', C, M, '500000', pri, '音乐', '学科', 30, '2024-10-14', [fin(40)], { quality: 72 }],
  ['xuejun', C, D, '330106', sen, '数学', '学科', 30, '2024-11-04', [fin(30)]],
  ['boxue', C, M, '500000', jun, '英语', '学科', 40, '2025-04-14', [fin(50)], { quality: 63 }],
  ['nankai', C, D, '500106', sen, '语文', '学科', 30, '2025-05-12', [fin(30)]],
  ['zjtc', C, PV, '330000', kg, '学前教育', '学科', 90, '2025-07-07', [fin(50)]],
  ['studio_zhou', C, D, '330102', pri, '语文', '骨干教师', 24, '2025-10-20', [fin(25)]],
  ['wzu', C, M, '330300', jun, '科学', '学科', 48, '2026-04-13', [fin(45)]],
  ['cqjky', C, M, '500000', voc, '计算机', '骨干教师', 130, '2026-07-06', [fin(40)]],
  ['xsfz', C, D, '330109', sen, '英语', '学科', 24, '2026-09-21', [fin(40)]],
  // published: selections at every step; one class running now, one full, one cancelled
  ['yhfz', PB, D, '330110', pri, '语文', '学科', 24, '2026-12-07', [pub(45, 0.95), pub(45, 0.7)]],
  ['hznu', PB, PV, '330000', jun, '数学', '骨干教师', 90, '2026-12-14', [pub(50, 1)]],
  ['cqnu', PB, N, '500000', pri, '数学', '乡村教师', 60, '2026-12-01', [pub(50, 0.9)]],
  ['swu', PB, M, '500000', jun, '物理', '学科', 48, '2026-11-16', [pub(40, 0.95)]],
  ['ybjx', PB, D, '500112', pri, '班主任', '班主任', 30, '2026-12-08', [planned(40, 0.6)]],
  ['yzfz', PB, D, '330212', jun, '英语', '学科', 30, '2026-12-03', [pub(40, 0.85)]],
  ['zjnu', PB, PV, '330000', kg, '学前教育', '学科', 60, '2027-01-11', [pub(50, 0.8)], { mode: TrainingMode.hybrid, hybridApproved: true }],
  ['cque', PB, M, '500000', kg, '学前教育', '新教师', 40, '2026-12-14', [pub(50, 0.8), cancelled(50, 0.3)]],
  ['studio_lin', PB, D, '330302', pri, '班主任', '班主任', 24, '2026-12-05', [pub(30, 0.9)]],
  ['xsfz', PB, D, '330109', sen, '语文', '学科', 30, '2026-12-10', [pub(40, 0.85, { mix: REVISED_MIX })], { revision: 2, reviseAt: '2026-11-02' }],
  ['nankai', PB, D, '500106', sen, '数学', '学科', 24, '2026-11-30', [pub(30, 0.9)]],
  ['tianchang', PB, D, '330102', pri, '数学', '学科', 24, '2026-12-01', [pub(30, 0.8)]],
  ['hzjky', PB, M, '330100', pri, '信息技术', '信息技术应用能力', 30, '2026-10-12', [fin(40), pub(40, 0.8, { startDate: '2026-12-07' })], { mode: TrainingMode.hybrid }],
  // approved, not yet published
  ['wzu', AP, M, '330300', sen, '物理', '学科', 48, '2027-03-15', [planned(40)]],
  ['cqwu', AP, M, '500000', sen, '生物', '学科', 40, '2027-03-22', [planned(45)]],
  ['jlpjx', AP, D, '500107', jun, '数学', '新教师', 48, '2027-02-27', []],
  ['hznu', AP, PV, '330000', pri, '校长', '校长', 60, '2027-04-12', [], { resubmitted: true }],
  ['studio_tan', AP, D, '500105', jun, '数学', '骨干教师', 24, '2027-03-08', []],
  // submitted, waiting for the bureau
  ['zjtc', SB, PV, '330000', pri, '英语', '学科', 90, '2027-04-19', [], { declaredAt: '2026-11-09' }],
  ['yzjx', SB, D, '500103', pri, '语文', '学科', 30, '2027-03-29', [], { declaredAt: '2026-11-12' }],
  ['nbu', SB, M, '330200', jun, '语文', '学科', 40, '2027-04-06', [], { declaredAt: '2026-11-03' }],
  ['wzjx', SB, D, '500101', pri, '数学', '乡村教师', 30, '2027-03-15', [], { declaredAt: '2026-11-16' }],
  ['bashu', SB, D, '500103', sen, '物理', '学科', 24, '2027-03-20', [], { declaredAt: '2026-11-18' }],
  // rejected, with the bureau's reason
  ['jlpjx', RJ, D, '500107', pri, '语文', '学科', 30, '2027-03-01', [], { practiceShare: 0.35, rejectReason: 'CQ-2：实践性课程学时占比35%，不得低于50%，请调整课程结构后重新申报' }],
  ['zhenhai', RJ, M, '330200', sen, '化学', '学科', 24, '2027-03-06', [], { rejectReason: '经费预算明细不完整，请补充场地、专家劳务等分项后重新申报' }],
  ['young', RJ, PV, '330000', jun, '信息技术', '信息技术应用能力', 40, '2027-03-10', [], { rejectReason: 'C-5：申报机构不具备省级培训资质（现有资质：区县级）' }],
  // drafts
  ['hznu', DR, PV, '330000', sen, '语文', '学科', 90, '2027-07-12', []],
  ['cqnu', DR, N, '500000', jun, '语文', '乡村教师', 60, '2027-07-05', []],
  ['studio_shen', DR, D, '330110', pri, '校长', '校长', 24, '2027-05-10', []],
  ['young', DR, D, '330108', pri, '信息技术', '信息技术应用能力', 24, '2027-04-20', []],
  ['wzjy', DR, M, '330300', kg, '学前教育', '学科', 30, '2027-05-17', []],
];

function demoPlan(p: P, inst: Institutions): ProjectPlan {
  const [key, status, level, regionId, stage, subject, category, hours, startDate, classes, extra] = p;
  const institution = inst.byKey.get(key);
  if (!institution) throw new Error(`demo: unknown institution ${key}`);
  return { institution, status, level, regionId, stage, subject, category, hours, startDate, classes, fee: hash32(`${key}${startDate}`) % 10 < 7, ...extra };
}

/** C-5 self-check of the demo: every project past draft runs at an institution qualified for it. */
function assertQualified(world: World, plan: ProjectPlan): void {
  const end = addDays(plan.startDate, Math.ceil(plan.hours / 8) + 60 * Math.max(0, plan.classes.length - 1));
  const ok = world.quals.some((q) => q.institutionId === plan.institution.id && q.status === QualificationStatus.active && qualifies(q, plan.level, plan.subject, plan.startDate, end));
  if (!ok) throw new Error(`demo: ${plan.institution.name} is not qualified for ${plan.level} ${plan.subject} from ${plan.startDate}`);
}
