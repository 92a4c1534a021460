import type { EntityManager } from 'typeorm';
import {
  InstitutionKind, ProfessionalTitle, ProjectLevel, QualificationStatus, RegionLevel, Stage,
} from '../entities/enums.js';
import type { BulkWriter, TableSink } from './bulk-insert.js';
import type { Rng } from './random.js';

/** Column order of every table the seed writes (the sinks' rows follow it; `id` comes first). */
export const COLUMNS = {
  region: ['id', 'name', 'level', 'parentId'],
  institution: ['name', 'code', 'kind', 'bureauLevel', 'regionId', 'parentId', 'stage', 'rural', 'isPrivate', 'trainerCount'],
  qualification: ['institutionId', 'level', 'subject', 'validFrom', 'validTo', 'status', 'statusReason'],
  teacher: [
    'name', 'idNumber', 'gender', 'birthDate', 'phone', 'schoolId', 'regionId', 'stage', 'subject', 'title', 'hireDate', 'rural',
    'isPrivate', 'backboneLevel', 'version',
  ],
  teacher_change: ['teacherId', 'version', 'actor', 'at', 'before', 'after'],
  expert: ['name', 'title', 'employerId', 'formalStaff', 'frontLine', 'subject', 'regionId', 'birthDate', 'degree'],
  cycle: ['name', 'startYear', 'endYear'],
  project: [
    'name', 'institutionId', 'regionId', 'level', 'category', 'subject', 'stage', 'hours', 'credits', 'mode', 'onlineCredits',
    'hybridApproved', 'finalAssessment', 'leadExpertId', 'totalFee', 'startDate', 'endDate', 'description', 'status', 'revision',
  ],
  project_transition: ['projectId', 'fromStatus', 'toStatus', 'actor', 'at', 'reason'],
  curriculum_item: ['projectId', 'seq', 'title', 'hours', 'kind', 'tags', 'trainerExpertId'],
  budget_item: ['projectId', 'kind', 'amount'],
  fee_item: ['projectId', 'kind', 'amount'],
  project_expert: ['projectId', 'expertId', 'role'],
  training_class: [
    'projectId', 'regionId', 'institutionId', 'name', 'startDate', 'endDate', 'capacity', 'enrolled', 'venue', 'schedulePublishedAt', 'status',
  ],
  class_session: ['classId', 'curriculumItemId', 'date', 'title', 'hours'],
  enrollment: [
    'teacherId', 'classId', 'schoolId', 'regionId', 'round', 'projectRevision', 'nominated', 'status', 'pendingStep', 'steps',
    'selectedAt', 'withdrawnAt', 'withdrawReason',
  ],
  enrollment_review: ['enrollmentId', 'step', 'decision', 'reviewer', 'at', 'reason'],
  attendance: ['enrollmentId', 'sessionId', 'hoursAttended', 'status', 'recordedBy'],
  assessment: ['enrollmentId', 'attempt', 'grade', 'score', 'note', 'recordedBy', 'recordedAt'],
  credit_record: [
    'teacherId', 'cycleId', 'regionId', 'year', 'credits', 'hours', 'source', 'classId', 'enrollmentId', 'evidence', 'correctsId',
    'reason', 'grantKey', 'createdBy', 'createdAt',
  ],
  evaluation: ['enrollmentId', 'classId', 'institutionId', 'subject', 'satisfaction', 'comment', 'at'],
} as const;

export type TableName = keyof typeof COLUMNS;
export type Sinks = Record<TableName, TableSink>;

export async function openSinks(w: BulkWriter): Promise<Sinks> {
  const out = {} as Sinks;
  for (const [table, cols] of Object.entries(COLUMNS) as [TableName, readonly string[]][])
    out[table] = await w.sink(table, [...cols], { withId: table !== 'region' });
  return out;
}

export type Log = (line: string) => void;

/** What every generator step shares: the writer, its sinks, the rng, the reference date, the log. */
export interface SeedCtx {
  w: BulkWriter;
  s: Sinks;
  rng: Rng;
  /** "Today" for statuses and timestamps (the demo's is fixed). */
  today: string;
  log: Log;
  /** Entity manager on the writer's connection and transaction, for the odd row TypeORM should write. */
  em: EntityManager;
}

export interface RegionRef { id: string; name: string; level: RegionLevel; parentId: string | null }
export interface InstitutionRef { id: number; name: string; kind: InstitutionKind; regionId: string }
export interface QualRef {
  id: number; institutionId: number; level: ProjectLevel; subject: string; validFrom: string; validTo: string | null; status: QualificationStatus;
}
export interface ExpertRef {
  id: number; employerId: number | null; formalStaff: boolean; frontLine: boolean; title: ProfessionalTitle; regionId: string; subject: string | null;
}
export interface SchoolRef { id: number; name: string; regionId: string; stage: Stage; rural: boolean; isPrivate: boolean }

/** The reference data the generators build on, in memory. */
export interface World {
  regions: Map<string, RegionRef>;
  /** Region id → its bureau's institution id. */
  bureaus: Map<string, number>;
  /** Year → cycle id. */
  cycles: Map<number, number>;
  trainers: InstitutionRef[];
  quals: QualRef[];
  experts: ExpertRef[];
  schools: SchoolRef[];
}

export function emptyWorld(): World {
  return { regions: new Map(), bureaus: new Map(), cycles: new Map(), trainers: [], quals: [], experts: [], schools: [] };
}

const TRAINER_KINDS = new Set<string>([
  InstitutionKind.university, InstitutionKind.training, InstitutionKind.development_center, InstitutionKind.base_school, InstitutionKind.studio,
]);

const bool = (v: unknown) => v === true || v === 1 || v === '1';
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Reads the reference data back (for a generator run on a database that already has the demo). */
export async function loadWorld(em: EntityManager): Promise<World> {
  const world = emptyWorld();
  for (const r of (await em.query('SELECT id, name, level, parentId FROM region ORDER BY id')) as RegionRef[])
    world.regions.set(String(r.id), { id: String(r.id), name: r.name, level: r.level, parentId: r.parentId ? String(r.parentId) : null });
  const inst = (await em.query('SELECT id, name, kind, regionId, stage, rural, isPrivate FROM institution ORDER BY id')) as Record<string, unknown>[];
  for (const i of inst) {
    const ref = { id: Number(i.id), name: String(i.name), kind: i.kind as InstitutionKind, regionId: String(i.regionId) };
    if (ref.kind === InstitutionKind.bureau) {
      if (!world.bureaus.has(ref.regionId)) world.bureaus.set(ref.regionId, ref.id);
    } else if (ref.kind === InstitutionKind.school)
      world.schools.push({ ...ref, stage: i.stage as Stage, rural: bool(i.rural), isPrivate: bool(i.isPrivate) });
    else if (TRAINER_KINDS.has(ref.kind)) world.trainers.push(ref);
  }
  for (const c of (await em.query('SELECT id, startYear, endYear FROM cycle ORDER BY id')) as Record<string, unknown>[])
    for (let y = Number(c.startYear); y <= Number(c.endYear); y++) world.cycles.set(y, Number(c.id));
  for (const q of (await em.query('SELECT id, institutionId, level, subject, validFrom, validTo, status FROM qualification ORDER BY id')) as Record<string, unknown>[])
    world.quals.push({
      id: Number(q.id), institutionId: Number(q.institutionId), level: q.level as ProjectLevel, subject: String(q.subject),
      validFrom: day(q.validFrom), validTo: q.validTo ? day(q.validTo) : null, status: q.status as QualificationStatus,
    });
  for (const e of (await em.query('SELECT id, employerId, formalStaff, frontLine, title, regionId, subject FROM expert ORDER BY id')) as Record<string, unknown>[])
    world.experts.push({
      id: Number(e.id), employerId: e.employerId === null ? null : Number(e.employerId), formalStaff: bool(e.formalStaff), frontLine: bool(e.frontLine),
      title: e.title as ProfessionalTitle, regionId: String(e.regionId), subject: e.subject === null ? null : String(e.subject),
    });
  return world;
}

export function districtsOf(world: World): RegionRef[] {
  return [...world.regions.values()].filter((r) => r.level === RegionLevel.district).sort((a, b) => a.id.localeCompare(b.id));
}

export function provinceOf(regionId: string): string {
  return `${regionId.slice(0, 2)}0000`;
}

/** Is the qualification valid for a level and subject over [from, to]? (C-5) */
export function qualifies(q: QualRef, level: ProjectLevel, subject: string, from: string, to: string): boolean {
  return (
    q.level === level && (q.subject === '*' || q.subject === subject) && q.validFrom <= from && (q.validTo === null || q.validTo >= to)
  );
}

const TITLE_RANK: Record<ProfessionalTitle, number> = { none: 0, third: 1, second: 2, first: 3, associate_senior: 4, senior: 5 };
export const titleRank = (t: ProfessionalTitle) => TITLE_RANK[t];
