import {
  ClassStatus, CourseKind, CreditSource, Decision, EnrollmentStatus, Grade, InstitutionKind, ProfessionalTitle, ProjectLevel,
  ProjectStatus, ReviewStep, Stage, TrainingMode,
} from '../entities/enums.js';
import { selectionSteps } from '../rules/selection-c3.js';
import {
  CORE_COURSES, type CourseTemplate, ENROLL_REJECT_REASONS, EVALUATION_COMMENTS, REVISION_WITHDRAW_REASON, ROLE_COURSES, STAGE_ZH,
  SUBJECT_COURSES, VOCATIONAL_COURSES, WITHDRAW_REASONS,
} from './catalog.js';
import type { TeacherTable } from './people.js';
import { STAGES } from './people.js';
import { Rng, Weighted, addDays, at, dayNumber, workTime, yearOf } from './random.js';
import { regionName } from './regions.js';
import { provinceOf, titleRank, type ExpertRef, type InstitutionRef, type SeedCtx, type World } from './world.js';
import { inRegion } from '../db/region-scope.js';

/** Where a selection ends up: pending at a step, or decided. */
export type Outcome = 'school' | 'district' | 'institution' | 'approved' | 'rejected' | 'withdrawn';

export const FINISHED_MIX: [Outcome, number][] = [['approved', 86], ['rejected', 8], ['withdrawn', 6]];
export const OPEN_MIX: [Outcome, number][] = [
  ['school', 18], ['district', 10], ['institution', 14], ['approved', 42], ['rejected', 9], ['withdrawn', 7],
];

export interface ClassPlan {
  status: ClassStatus;
  capacity: number;
  /** Share of capacity taken by pending + approved selections (never above 1). */
  fill: number;
  startDate?: string;
  schedulePublished?: boolean;
  mix?: [Outcome, number][];
  venue?: string;
}

export interface ProjectPlan {
  name?: string;
  institution: InstitutionRef;
  level: ProjectLevel;
  /** The region the project serves. */
  regionId: string;
  category: string;
  subject: string;
  stage: Stage;
  hours: number;
  status: ProjectStatus;
  /** The first class's start (or the planned start when there are no classes). */
  startDate: string;
  mode?: TrainingMode;
  hybridApproved?: boolean;
  fee?: boolean;
  /** >1: changed after publication (C-15) on `reviseAt`; earlier selections keep the old revision. */
  revision?: number;
  reviseAt?: string;
  practiceShare?: number;
  rejectReason?: string;
  /** Rejected once, then submitted again (and on from there). */
  resubmitted?: boolean;
  declaredAt?: string;
  description?: string | null;
  classes: ClassPlan[];
  /** Mean satisfaction of its trainees. */
  quality?: number;
  /** Experts to use instead of picking (lead, trainers). */
  leadExpertId?: number;
}

export interface ProjectResult {
  id: number;
  startDate: string;
  endDate: string;
  classes: { id: number; enrolled: number; capacity: number; status: ClassStatus }[];
  outcomes: Record<Outcome, number>;
}

/** Teachers by region subtree, for picking trainees. */
export class TeacherPools {
  private readonly byDistrict = new Map<string, number[]>();
  private readonly cache = new Map<string, number[]>();
  constructor(private readonly t: TeacherTable) {
    for (let i = 0; i < t.length; i++) {
      const r = t.regionOf(i);
      (this.byDistrict.get(r) ?? this.byDistrict.set(r, []).get(r)!).push(i);
    }
  }

  of(regionId: string): number[] {
    let pool = this.cache.get(regionId);
    if (!pool) {
      pool = [];
      for (const [d, list] of this.byDistrict) if (inRegion(d, regionId)) for (const i of list) pool.push(i);
      this.cache.set(regionId, pool);
    }
    return pool;
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Integers ≥ 1 summing to `total`, roughly equal, with some unevenness. */
function splitInt(rng: Rng, total: number, n: number): number[] {
  if (n <= 0) return [];
  const w = Array.from({ length: n }, () => rng.around(1, 0.4, 0.5));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.max(1, Math.floor((total * x) / sum)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % n) {
    if (diff > 0) { out[i]!++; diff--; }
    else if (out[i]! > 1) { out[i]!--; diff++; }
  }
  return out;
}

const GENERIC_SUBJECTS = new Set(['班主任', '校长', '学前教育', '特殊教育', '康复训练']);

export interface CurriculumSpec { title: string; hours: number; kind: CourseKind; tags: string[]; trainerExpertId: number | null }

/**
 * A curriculum whose hours add up to `hours`: the three required contents (CQ-1), courses
 * for the subject or role, practice at least half of the hours (CQ-2) — for vocational
 * backbone training theory ~20%, professional skills ~30%, enterprise practice ~50% (BB-10).
 */
export function buildCurriculum(rng: Rng, p: { subject: string; category: string; stage: Stage; hours: number; practiceShare?: number }, trainers: number[]): CurriculumSpec[] {
  const s = GENERIC_SUBJECTS.has(p.subject) ? '' : p.subject;
  const fill = (t: CourseTemplate) => ({ title: t[0].replace('{s}', s), kind: t[1], tags: t[2] });
  const items: { title: string; kind: CourseKind; tags: string[]; hours?: number }[] = CORE_COURSES.map(fill);
  const vocationalBackbone = p.stage === Stage.vocational && p.category === '骨干教师';
  if (vocationalBackbone) {
    const [theory, skill, enterprise] = VOCATIONAL_COURSES.map(fill) as [ReturnType<typeof fill>, ReturnType<typeof fill>, ReturnType<typeof fill>];
    const ent = Math.round(p.hours * 0.5), th = Math.round(p.hours * 0.2);
    const t1 = Math.max(1, Math.round(th / 2));
    const rest = p.hours - ent - th;
    const [a, b, c] = splitInt(rng, rest, 3) as [number, number, number];
    return [
      { ...items[0]!, hours: t1 }, { ...theory, hours: th - t1 }, { ...items[1]!, hours: a }, { ...items[2]!, hours: b }, { ...skill, hours: c },
      { ...enterprise, hours: ent },
    ].map((it, k) => ({ ...it, trainerExpertId: trainers.length ? trainers[k % trainers.length]! : null }));
  }
  const role = ROLE_COURSES[p.subject] ?? ROLE_COURSES[p.category];
  const pool = role ? [...role, ...SUBJECT_COURSES.filter((c) => !c[0].includes('{s}'))] : s ? SUBJECT_COURSES : SUBJECT_COURSES.filter((c) => !c[0].includes('{s}'));
  const extra = p.hours <= 24 ? 2 : p.hours <= 48 ? 3 : p.hours <= 90 ? 4 : 5;
  const chosen = role ? [...role.slice(0, Math.min(extra, role.length)).map(fill), ...rng.sample(pool.slice(role.length), Math.max(0, extra - role.length)).map(fill)] : rng.sample(pool, extra).map(fill);
  items.push(...chosen);
  if (!items.some((i) => i.kind === CourseKind.theory)) items.push(fill(SUBJECT_COURSES[0]!));
  const share = p.practiceShare ?? rng.int(50, 62) / 100;
  const practiceHours = share >= 0.5 ? Math.ceil(p.hours * share) : Math.floor(p.hours * share);
  const theoryItems = items.filter((i) => i.kind === CourseKind.theory);
  const practiceItems = items.filter((i) => i.kind === CourseKind.practice);
  const th = splitInt(rng, p.hours - practiceHours, theoryItems.length);
  const pr = splitInt(rng, practiceHours, practiceItems.length);
  theoryItems.forEach((it, k) => (it.hours = th[k]!));
  practiceItems.forEach((it, k) => (it.hours = pr[k]!));
  return items.map((it, k) => ({ title: it.title, hours: it.hours!, kind: it.kind, tags: it.tags, trainerExpertId: trainers.length ? trainers[k % trainers.length]! : null }));
}

/** Sessions packed into days of at most 8 hours, from `start` on. */
export function schedule(curriculum: (CurriculumSpec & { id: number })[], start: string): { date: string; hours: number; itemId: number; title: string }[] {
  const out: { date: string; hours: number; itemId: number; title: string }[] = [];
  let day = 0, left = 8;
  for (const item of curriculum) {
    let h = item.hours;
    while (h > 0) {
      if (left <= 0) { day++; left = 8; }
      const take = Math.min(h, left);
      out.push({ date: addDays(start, day), hours: take, itemId: item.id, title: item.title });
      h -= take;
      left -= take;
    }
  }
  return out;
}

/** The project's lead (ZJ-3: formal staff of the institution, 副高 or above where possible). */
export function pickLead(rng: Rng, world: World, inst: InstitutionRef): ExpertRef | undefined {
  const staff = world.experts.filter((e) => e.employerId === inst.id && e.formalStaff);
  const senior = staff.filter((e) => titleRank(e.title) >= titleRank(ProfessionalTitle.associate_senior));
  if (senior.length) return rng.pick(senior);
  if (staff.length) return rng.pick(staff);
  const near = world.experts.filter((e) => provinceOf(e.regionId) === provinceOf(inst.regionId));
  return near.length ? rng.pick(near) : undefined;
}

/** A trainer team with front-line teachers at least half of it (CQ-6). */
export function pickTrainers(rng: Rng, world: World, inst: InstitutionRef, n: number, exclude: number[] = []): ExpertRef[] {
  const province = provinceOf(inst.regionId);
  const own = world.experts.filter((e) => e.employerId === inst.id && !exclude.includes(e.id));
  const frontLine = world.experts.filter((e) => e.frontLine && provinceOf(e.regionId) === province && !exclude.includes(e.id));
  const front = rng.sample(frontLine, Math.ceil(n / 2));
  const others = rng.sample(own.filter((e) => !front.includes(e)), n - front.length);
  const team = [...front, ...others];
  if (team.length < n) team.push(...rng.sample(frontLine.filter((e) => !team.includes(e)), n - team.length));
  return team;
}

const BUDGET_SHARES: [string, number, number][] = [
  ['management', 3, 5], ['venue', 6, 10], ['trainer', 32, 42], ['materials', 4, 8], ['lodging', 18, 26], ['meals', 10, 15],
];

function budgetItems(rng: Rng, trainees: number, days: number): [string, number][] {
  const total = Math.round((trainees * days * rng.int(300, 450)) / 100) * 100;
  const items: [string, number][] = BUDGET_SHARES.map(([k, lo, hi]) => [k, round2((total * rng.int(lo * 10, hi * 10)) / 1000)]);
  const used = items.reduce((a, [, v]) => a + v, 0);
  items.push(['other', round2(Math.max(0, total - used))]);
  return items.filter(([, v]) => v > 0);
}

function feeItems(rng: Rng, days: number, offline: boolean): [string, number][] {
  const items: [string, number][] = [['training', days * rng.int(8, 15) * 10]];
  if (offline && days > 1) items.push(['lodging', (days - 1) * rng.int(15, 26) * 10]);
  if (offline) items.push(['meals', days * rng.int(6, 10) * 10]);
  return items;
}

const LEVEL_PREFIX: Record<ProjectLevel, string> = {
  national: '国培计划', provincial: '', municipal: '', district: '', school: '',
};

function projectName(p: ProjectPlan, year: number): string {
  if (p.name) return p.name;
  const place = regionName(p.regionId);
  const stage = p.stage === Stage.special || p.stage === Stage.vocational ? STAGE_ZH[p.stage] : STAGE_ZH[p.stage];
  const subject = GENERIC_SUBJECTS.has(p.subject) ? '' : p.subject;
  const what = p.category === '学科' ? `${stage}${subject}教师能力提升培训`
    : p.category === '骨干教师' ? `${stage}${subject}骨干教师高级研修`
    : p.category === '新教师' ? `${stage}新教师岗前培训`
    : p.category === '班主任' ? `${stage}班主任能力提升培训`
    : p.category === '校长' ? `${stage}校长任职资格培训`
    : p.category === '乡村教师' ? `乡村${stage}${subject}教师培训`
    : `${stage}${subject === '信息技术' ? '' : subject}教师信息技术应用能力提升培训`;
  if (p.level === ProjectLevel.national) return `${LEVEL_PREFIX.national}（${year}）——${place}${what}`;
  return `${year}年${place}${what}`;
}

const VENUES: Record<string, string[]> = {
  university: ['继续教育学院报告厅', '教师教育学院研修楼', '学术交流中心'],
  development_center: ['研训楼多功能厅', '教师发展中心培训教室'],
  training: ['培训中心一号教室', '培训楼报告厅'],
  base_school: ['学术报告厅', '录播教室'],
  studio: ['工作室研修室', '名师工作室'],
};

/**
 * Writes a project with everything a project has (curriculum, budget, fees, experts,
 * transitions consistent with its status) and its classes with sessions, selections at
 * their review steps (C-3, C-4), attendance, assessments, class credits and evaluations.
 */
export async function createProject(ctx: SeedCtx, world: World, teachers: TeacherTable, pools: TeacherPools, plan: ProjectPlan): Promise<ProjectResult> {
  const { rng, s } = ctx;
  const today = ctx.today;
  const inst = plan.institution;
  const projectId = s.project.id();
  const instActor = `seed:institution:${inst.id}`;
  const bureauRegion = plan.level === ProjectLevel.district || plan.level === ProjectLevel.school ? plan.regionId : provinceOf(plan.regionId);
  const bureauActor = `seed:bureau:${plan.level === ProjectLevel.municipal ? plan.regionId : bureauRegion}`;

  // Experts (C-16): lead, trainers (≥ half front-line), mentors for backbone training.
  const lead = plan.leadExpertId !== undefined ? world.experts.find((e) => e.id === plan.leadExpertId) : pickLead(rng, world, inst);
  const trainers = pickTrainers(rng, world, inst, plan.hours >= 60 ? 4 : 2 + rng.int(0, 1), lead ? [lead.id] : []);
  const mentors = plan.category === '骨干教师' ? pickTrainers(rng, world, inst, 2, [lead?.id ?? -1, ...trainers.map((t) => t.id)]) : [];
  const teamIds = trainers.map((t) => t.id);

  const curriculum = buildCurriculum(rng, plan, teamIds).map((c) => ({ ...c, id: s.curriculum_item.id() }));
  const lastSession = schedule(curriculum, plan.startDate).at(-1);
  const days = lastSession ? dayNumber(lastSession.date) - dayNumber(plan.startDate) + 1 : 1;
  const year = yearOf(plan.startDate);

  // Class dates.
  const starts: string[] = [];
  for (let k = 0; k < plan.classes.length; k++)
    starts.push(plan.classes[k]!.startDate ?? (k === 0 ? plan.startDate : addDays(starts[k - 1]!, Math.max(days + 2, rng.int(14, 35)))));
  const startDate = starts[0] ?? plan.startDate;
  const endDate = starts.length ? addDays(starts.at(-1)!, days - 1) : addDays(plan.startDate, days - 1);

  // Status timeline (who, when): declared → reviewed → published → closed.
  const firstSelection = plan.classes.length ? selectionWindow(today, startDate, null)[0] : addDays(startDate, -30);
  let declared = plan.declaredAt ?? addDays(firstSelection, -rng.int(50, 90));
  // Still under review (or refused): declared in the last months, not in the future.
  const reviewing = plan.status === ProjectStatus.submitted || plan.status === ProjectStatus.rejected || plan.status === ProjectStatus.approved;
  if (!plan.declaredAt && reviewing && declared > addDays(today, -60)) declared = addDays(today, -rng.int(60, 120));
  const transitions: [ProjectStatus, ProjectStatus, string, string, string | null][] = [];
  let cursor = declared;
  const step = (from: ProjectStatus, to: ProjectStatus, actor: string, gap: [number, number], reason: string | null = null) => {
    cursor = addDays(cursor, rng.int(gap[0], gap[1]));
    transitions.push([from, to, actor, workTime(rng, cursor), reason]);
  };
  const st = plan.status;
  if (st !== ProjectStatus.draft) {
    transitions.push([ProjectStatus.draft, ProjectStatus.submitted, instActor, workTime(rng, cursor), null]);
    if (plan.resubmitted) {
      step(ProjectStatus.submitted, ProjectStatus.rejected, bureauActor, [5, 12], '课程方案中实践性课程比例不足，请修改后重新申报');
      step(ProjectStatus.rejected, ProjectStatus.submitted, instActor, [3, 8]);
    }
    if (st === ProjectStatus.rejected) step(ProjectStatus.submitted, ProjectStatus.rejected, bureauActor, [5, 15], plan.rejectReason ?? '申报材料不完整');
    if (st === ProjectStatus.approved || st === ProjectStatus.published || st === ProjectStatus.closed)
      step(ProjectStatus.submitted, ProjectStatus.approved, bureauActor, [5, 15]);
    if (st === ProjectStatus.published || st === ProjectStatus.closed) {
      step(ProjectStatus.approved, ProjectStatus.published, bureauActor, [2, 7]);
      if (cursor >= firstSelection) throw new Error(`seed: project ${plan.name ?? plan.subject} published ${cursor} after its selection opens ${firstSelection}`);
    }
    if (st === ProjectStatus.closed) {
      cursor = endDate;
      step(ProjectStatus.published, ProjectStatus.closed, bureauActor, [7, 20]);
    }
    if (cursor >= today) throw new Error(`seed: project ${plan.name ?? plan.subject} (${st}) has a transition on ${cursor}, not before ${today}`);
  }
  const publishedAt = transitions.find((t) => t[1] === ProjectStatus.published)?.[3] ?? null;

  const mode = plan.mode ?? TrainingMode.offline;
  const credits = plan.hours;
  const onlineCredits = mode === TrainingMode.online ? credits : mode === TrainingMode.hybrid ? Math.floor(credits * (plan.hybridApproved ? 0.25 : 0.3)) : 0;
  const capacityTotal = plan.classes.reduce((a, c) => a + c.capacity, 0) || 50;
  const fees = plan.fee === false ? [] : feeItems(rng, days, mode !== TrainingMode.online);
  const totalFee = fees.reduce((a, [, v]) => a + v, 0);
  const revision = plan.revision ?? 1;
  const name = projectName(plan, year);

  s.project.push([
    projectId, name, inst.id, plan.regionId, plan.level, plan.category, plan.subject, plan.stage, plan.hours, credits, mode, onlineCredits,
    mode === TrainingMode.hybrid && !!plan.hybridApproved, plan.hours >= 90 || rng.chance(0.4), lead?.id ?? null, totalFee,
    startDate, endDate, plan.description ?? `面向${regionName(plan.regionId)}${STAGE_ZH[plan.stage]}教师，${days}天，${plan.hours}学时。`, st, revision,
  ]);
  for (const [from, to, actor, when, reason] of transitions)
    s.project_transition.push([s.project_transition.id(), projectId, from, to, actor, ctx.w.dt(when), reason]);
  curriculum.forEach((c, k) => s.curriculum_item.push([c.id, projectId, k, c.title, c.hours, c.kind, c.tags.join(','), c.trainerExpertId]));
  for (const [kind, amount] of budgetItems(rng, capacityTotal, days)) s.budget_item.push([s.budget_item.id(), projectId, kind, amount]);
  for (const [kind, amount] of fees) s.fee_item.push([s.fee_item.id(), projectId, kind, amount]);
  const named = new Set<string>();
  const name1 = (expertId: number, role: string) => {
    const key = `${expertId}:${role}`;
    if (named.has(key)) return;
    named.add(key);
    s.project_expert.push([s.project_expert.id(), projectId, expertId, role]);
  };
  if (lead) name1(lead.id, 'expert');
  for (const t of trainers) name1(t.id, 'trainer');
  for (const m of mentors) name1(m.id, 'mentor');

  const result: ProjectResult = { id: projectId, startDate, endDate, classes: [], outcomes: { school: 0, district: 0, institution: 0, approved: 0, rejected: 0, withdrawn: 0 } };
  const project = {
    id: projectId, name, institutionId: inst.id, institutionKind: inst.kind, regionId: plan.regionId, level: plan.level, category: plan.category,
    subject: plan.subject, stage: plan.stage, credits, hours: plan.hours, revision, reviseAt: plan.reviseAt ?? null, publishedAt,
    quality: plan.quality ?? rng.int(82, 93), instActor,
  };
  for (let k = 0; k < plan.classes.length; k++) {
    const c = await runClass(ctx, world, teachers, pools, project, curriculum, plan.classes[k]!, starts[k]!, k);
    result.classes.push(c);
    for (const [o, n] of Object.entries(c.outcomes) as [Outcome, number][]) result.outcomes[o] += n;
  }
  for (const sink of [s.project, s.project_transition, s.curriculum_item, s.budget_item, s.fee_item, s.project_expert]) await sink.spill();
  return result;
}

/** When teachers select a class: a month before it starts, or — for a class still to come — the last weeks. */
function selectionWindow(today: string, start: string, publishedAt: string | null): [string, string] {
  let from: string, to: string;
  if (start > addDays(today, 7)) {
    from = addDays(today, -40);
    to = addDays(today, -10);
  } else {
    from = addDays(start, -42);
    to = addDays(start, -14);
  }
  if (publishedAt && from <= publishedAt.slice(0, 10)) from = addDays(publishedAt.slice(0, 10), 1);
  if (to < from) to = from;
  return [from, to];
}

interface ProjectInfo {
  id: number; name: string; institutionId: number; institutionKind: InstitutionKind; regionId: string; level: ProjectLevel; category: string;
  subject: string; stage: Stage; credits: number; hours: number; revision: number; reviseAt: string | null; publishedAt: string | null;
  quality: number; instActor: string;
}

const REJECT_STEP_WEIGHT: Record<ReviewStep, number> = { school: 5, district: 2, institution: 3 };

async function runClass(
  ctx: SeedCtx, world: World, teachers: TeacherTable, pools: TeacherPools, p: ProjectInfo, curriculum: (CurriculumSpec & { id: number })[],
  plan: ClassPlan, start: string, index: number,
): Promise<{ id: number; enrolled: number; capacity: number; status: ClassStatus; outcomes: Record<Outcome, number> }> {
  const { rng, s, today, w } = ctx;
  const classId = s.training_class.id();
  const sessions = schedule(curriculum, start).map((x) => ({ ...x, id: s.class_session.id() }));
  const end = sessions.at(-1)?.date ?? start;
  const totalHours = sessions.reduce((a, x) => a + x.hours, 0);
  for (const x of sessions) s.class_session.push([x.id, classId, x.itemId, x.date, x.title, x.hours]);

  const finished = plan.status === ClassStatus.finished;
  if (finished && end >= today) throw new Error(`seed: class of ${p.name} ends ${end}, cannot be finished before ${today}`);
  const ongoing = plan.status === ClassStatus.published && start <= today;
  const publishSchedule = plan.schedulePublished ?? (plan.status === ClassStatus.published || finished);
  let schedulePublishedAt: string | null = null;
  if (publishSchedule) {
    // ZJ-6: at least 5 days before the start; a class still to come had it out soon after publication.
    let d = addDays(start, -rng.int(7, 20));
    if (start > today && p.publishedAt) d = addDays(p.publishedAt.slice(0, 10), rng.int(1, 10));
    if (d >= today) d = addDays(today, -rng.int(1, 4));
    if (d > addDays(start, -5)) d = addDays(start, -5);
    if (p.publishedAt && d <= p.publishedAt.slice(0, 10)) d = addDays(p.publishedAt.slice(0, 10), 1);
    schedulePublishedAt = workTime(rng, d);
  }

  // Selections (C-3) up to the target seats (C-4: pending + approved never above capacity).
  const outcomes: Record<Outcome, number> = { school: 0, district: 0, institution: 0, approved: 0, rejected: 0, withdrawn: 0 };
  const target = plan.status === ClassStatus.cancelled ? 0 : Math.min(plan.capacity, Math.round(plan.capacity * plan.fill));
  const mix = new Weighted(plan.mix ?? (finished || ongoing ? FINISHED_MIX : OPEN_MIX));
  const pool = pools.of(p.regionId);
  const taken = new Set<number>();
  const steps = selectionSteps(p.level);
  const [winFrom, winTo] = selectionWindow(today, start, p.publishedAt);
  const winDays = dayNumber(winTo) - dayNumber(winFrom);
  const stageIdx = STAGES.indexOf(p.stage);
  const approved: { enrollmentId: number; teacher: number }[] = [];
  let active = 0;
  // A cancelled class: its selections were all withdrawn when it was called off.
  const cancelledSelections = plan.status === ClassStatus.cancelled ? Math.round(plan.capacity * plan.fill) : 0;
  let attempts = 0;
  while ((active < target || outcomes.withdrawn < cancelledSelections) && attempts++ < (target + cancelledSelections) * 4 + 20 && pool.length) {
    const ti = pickTrainee(rng, teachers, pool, taken, stageIdx, p);
    if (ti < 0) break;
    taken.add(ti);
    let outcome: Outcome = plan.status === ClassStatus.cancelled ? 'withdrawn' : mix.pick(rng);
    if (outcome === 'district' && !steps.includes(ReviewStep.district)) outcome = 'institution';
    const isActive = outcome !== 'rejected' && outcome !== 'withdrawn';
    if (isActive && active >= target) continue;
    if (isActive) active++;
    const enrollmentId = s.enrollment.id();
    const teacherId = teachers.id[ti]!;
    const schoolId = teachers.school[ti]!;
    const regionId = teachers.regionOf(ti);
    const nominated = rng.chance(0.1);
    const selDay = addDays(winFrom, rng.int(0, Math.max(0, winDays)));
    const selectedAt = workTime(rng, selDay);
    // The project's revision when selected (C-15).
    const revision = p.reviseAt && selDay < p.reviseAt ? p.revision - 1 : p.revision;
    const reviewer = (stp: ReviewStep) =>
      stp === ReviewStep.school ? `seed:school:${schoolId}` : stp === ReviewStep.district ? `seed:bureau:${regionId}` : p.instActor;
    // Which steps get decided, and how.
    let decided = 0; // steps approved
    let rejectAt = -1;
    let pendingStep: ReviewStep | null = null;
    let status = EnrollmentStatus.pending;
    let withdrawnAt: string | null = null, withdrawReason: string | null = null;
    if (outcome === 'approved') { decided = steps.length; status = EnrollmentStatus.approved; }
    else if (outcome === 'rejected') {
      const choices = steps.map((stp, k) => [k, nominated && k === 0 ? 0 : REJECT_STEP_WEIGHT[stp]] as const);
      rejectAt = new Weighted(choices).pick(rng);
      decided = rejectAt;
      status = EnrollmentStatus.rejected;
    } else if (outcome === 'withdrawn') {
      status = EnrollmentStatus.withdrawn;
      if (revision < p.revision) {
        // Approved under the old revision, withdrew after the change (C-15).
        decided = steps.length;
        withdrawReason = REVISION_WITHDRAW_REASON;
      } else {
        decided = rng.int(nominated ? 1 : 0, steps.length - 1);
        withdrawReason = plan.status === ClassStatus.cancelled ? '班期取消，选课自动退选' : rng.pick(WITHDRAW_REASONS);
      }
    } else {
      decided = steps.indexOf(outcome as ReviewStep);
      // A nomination is the school's decision already: it waits at the next step.
      if (nominated && decided === 0) decided = 1;
      pendingStep = steps[decided]!;
    }
    if (nominated && decided === 0) decided = 1;
    let t = selectedAt;
    for (let k = 0; k < decided; k++) {
      const stp = steps[k]!;
      const when = k === 0 && nominated ? selectedAt : workTime(rng, addDays(t.slice(0, 10), rng.int(1, 3)));
      s.enrollment_review.push([s.enrollment_review.id(), enrollmentId, stp, Decision.approve, reviewer(stp), w.dt(when),
        k === 0 && nominated ? '学校提名 (nominated by the school)' : null]);
      t = when;
    }
    if (rejectAt >= 0) {
      const stp = steps[rejectAt]!;
      const when = workTime(rng, addDays(t.slice(0, 10), rng.int(1, 3)));
      s.enrollment_review.push([s.enrollment_review.id(), enrollmentId, stp, Decision.reject, reviewer(stp), w.dt(when), rng.pick(ENROLL_REJECT_REASONS[stp]!)]);
      t = when;
    }
    if (status === EnrollmentStatus.withdrawn) {
      const base = withdrawReason === REVISION_WITHDRAW_REASON && p.reviseAt && p.reviseAt > t.slice(0, 10) ? p.reviseAt : t.slice(0, 10);
      let d = addDays(base, rng.int(1, 4));
      if (d >= today) d = addDays(today, -1);
      withdrawnAt = workTime(rng, d);
    }
    outcomes[pendingStep ?? outcome]++;
    s.enrollment.push([enrollmentId, teacherId, classId, schoolId, regionId, 1, revision, nominated, status, pendingStep, steps.join(','),
      w.dt(selectedAt), withdrawnAt ? w.dt(withdrawnAt) : null, withdrawReason]);
    if (status === EnrollmentStatus.approved) approved.push({ enrollmentId, teacher: ti });
  }

  s.training_class.push([
    classId, p.id, p.regionId, p.institutionId, `${p.name} 第${index + 1}期`, start, end, plan.capacity, active,
    plan.venue ?? `${world.trainers.find((x) => x.id === p.institutionId)?.name ?? ''}${rng.pick(VENUES[p.institutionKind] ?? VENUES.training!)}`,
    schedulePublishedAt ? w.dt(schedulePublishedAt) : null, plan.status,
  ]);

  // Delivery: attendance for held sessions; for a finished class assessments (C-7, C-8), credits (C-6), evaluations (C-10).
  if (finished || ongoing) {
    const held = sessions.filter((x) => x.date < today);
    for (const a of approved) {
      const poor = rng.chance(0.05);
      let absent = 0;
      for (const x of held) {
        const r = rng.next();
        const st = poor ? (r < 0.4 ? 'absent' : r < 0.55 ? 'leave' : 'present') : r < 0.93 ? 'present' : r < 0.96 ? 'late' : r < 0.98 ? 'leave' : 'absent';
        const hours = st === 'present' ? x.hours : st === 'late' ? Math.max(0, round1(x.hours - 0.5)) : 0;
        absent += x.hours - hours;
        s.attendance.push([s.attendance.id(), a.enrollmentId, x.id, hours, st, p.instActor]);
      }
      if (!finished) continue;
      const recordedAt = w.dt(at(end, 16 * 60 + rng.int(0, 90)));
      let grade: Grade;
      if (absent * 3 >= totalHours) {
        grade = Grade.fail;
        s.assessment.push([s.assessment.id(), a.enrollmentId, 1, grade, null, `C-7：缺勤${round1(absent)}学时，达到总学时${totalHours}的三分之一`, p.instActor, recordedAt]);
      } else {
        const score = Math.round(rng.around(80, 36, 35, 99));
        grade = score >= 90 ? Grade.excellent : score >= 60 ? Grade.pass : Grade.fail;
        s.assessment.push([s.assessment.id(), a.enrollmentId, 1, grade, score, null, p.instActor, recordedAt]);
        const makeUpDay = addDays(end, 14);
        if (grade === Grade.fail && makeUpDay < today && rng.chance(0.7)) {
          grade = Grade.pass;
          s.assessment.push([s.assessment.id(), a.enrollmentId, 2, grade, rng.int(60, 80), '补考', p.instActor, w.dt(at(makeUpDay, 14 * 60))]);
        }
      }
      const creditDay = addDays(end, rng.int(5, 12));
      const cycleId = world.cycles.get(yearOf(end));
      const teacherId = teachers.id[a.teacher]!;
      if (grade !== Grade.fail && creditDay < today && cycleId !== undefined)
        s.credit_record.push([s.credit_record.id(), teacherId, cycleId, teachers.regionOf(a.teacher), yearOf(end), p.credits, p.hours, CreditSource.class,
          classId, a.enrollmentId, null, null, null, `class:${classId}:${teacherId}`, p.instActor, w.dt(workTime(rng, creditDay))]);
      if (rng.chance(0.88)) {
        const sat = Math.round(rng.around(p.quality, 12, 30, 100));
        s.evaluation.push([s.evaluation.id(), a.enrollmentId, classId, p.institutionId, p.subject, sat,
          rng.chance(0.3) ? rng.pick(EVALUATION_COMMENTS) : null, w.dt(at(end, 17 * 60 + rng.int(0, 120)))]);
      }
    }
  }
  for (const sink of [s.training_class, s.class_session, s.enrollment, s.enrollment_review, s.attendance, s.assessment, s.credit_record, s.evaluation])
    await sink.spill();
  return { id: classId, enrolled: active, capacity: plan.capacity, status: plan.status, outcomes };
}

const OPEN_CATEGORIES = new Set(['班主任', '信息技术应用能力', '新教师', '乡村教师']);

/** The best of a few random teachers of the region for this project (stage, subject, category). */
function pickTrainee(rng: Rng, t: TeacherTable, pool: number[], taken: Set<number>, stageIdx: number, p: { subject: string; category: string; level: ProjectLevel }): number {
  let best = -1, bestScore = -1;
  const wantSubject = !OPEN_CATEGORIES.has(p.category) && !GENERIC_SUBJECTS.has(p.subject);
  for (let k = 0; k < 10; k++) {
    const i = pool[Math.floor(rng.next() * pool.length)]!;
    if (taken.has(i)) continue;
    let score = t.stage[i] === stageIdx ? 2 : 0;
    if (wantSubject ? t.subjectOf(i) === p.subject : p.category !== '校长' || t.subjectOf(i) === '校长') score += 3;
    if (p.category === '乡村教师' && t.flags[i]! & 1) score += 2;
    if (p.category === '新教师' && t.hireYear[i]! >= 2024) score += 2;
    if (p.category === '骨干教师' && t.backbone[i]! > 0) score += 2;
    if (score > bestScore) { best = i; bestScore = score; }
    if (score >= 5) break;
  }
  return best;
}
