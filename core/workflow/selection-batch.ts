import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { insertAuditEvents } from '../audit/append.js';
import type { Change, MutationStore } from '../audit/store.js';
import { plain } from '../audit/subscriber.js';
import type { Actor } from '../auth/actor.js';
import { inTransaction } from '../db/transaction.js';
import { EnrollmentStatus, type ReviewStep } from '../entities/enums.js';
import { Enrollment, Project } from '../entities/index.js';
import { insertMany } from '../db/insert-many.js';
import { RuleViolations, notFound } from '../graphql/errors.js';
import { findScopedMany } from '../graphql/scope-many.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { teacherResource } from '../resources/teacher.js';
import { classResource } from '../resources/training.js';
import { selectionOpenViolations, selectionSteps } from '../rules/selection-c3.js';
import { classFull } from '../rules/selection-c4.js';
import { alreadySelected } from './selection-labels.js';

/**
 * Group commit for teachers' own selections (selectClass): in a selection rush, the requests
 * that reach one API process while its previous group is being written are decided together,
 * in one transaction of about ten statements whatever their number, instead of one
 * transaction of about ten statements each. Each request still gets its own answer and its own
 * audit event, and is decided exactly as core/workflow/selection.ts decides one: the same
 * scope SQL (findScopedMany), C-3, the plugins' `selection.create` checks (their batch forms),
 * the (teacher, class) unique index, and C-4 — seats handed out in arrival order under the
 * class rows' locks, taken in class-id order so that groups of several processes never deadlock.
 *
 * Nothing waits for a group to fill: a request arriving at an idle process is decided at once,
 * alone. If a group's transaction fails as a whole (a deadlock with another kind of
 * transaction, a duplicate that slipped in between the check and the insert), nothing of it is
 * kept and every request of it is decided again on its own (`single`), so a failure costs time,
 * never a selection. The queue lives only while its requests wait: API processes stay stateless.
 */
export interface SelectionRequest {
  actor: Actor;
  classId: number;
  round: number;
}

type Decided = { ok: Enrollment; changes: Change[] } | { error: unknown };

interface Waiting extends SelectionRequest {
  store: MutationStore | undefined;
  resolve: (e: Enrollment) => void;
  reject: (err: unknown) => void;
}

/** The most requests decided in one transaction (one multi-row INSERT of enrollments and of audit events). */
const MAX_GROUP = 200;
/**
 * Groups being decided at once: while one waits for the database (its class locks, its
 * COMMIT), the next is read and checked. Two groups wanting the same class queue on its row.
 */
const IN_FLIGHT = Number(process.env.SHIXUN_SELECTION_GROUPS ?? 3);

export class SelectionBatcher {
  private queue: Waiting[] = [];
  private running = 0;
  /** Groups decided and requests in them, since start (the benchmark and tests read them). */
  readonly stats = { groups: 0, requests: 0, fallbacks: 0 };

  /**
   * How long an idle process waits for more requests before deciding a group (SHIXUN_SELECTION_LINGER_MS,
   * default 0: not at all — under load, groups form while earlier ones are written).
   */
  private readonly lingerMs = Number(process.env.SHIXUN_SELECTION_LINGER_MS ?? 0);

  constructor(
    private readonly ds: DataSource,
    private readonly plugins: PluginRuntime,
    private readonly single: (req: SelectionRequest, store: MutationStore) => Promise<Enrollment>,
  ) {}

  /** `store`: the request's mutation (Context.mutation), which gets its audit event here. */
  select(req: SelectionRequest, store: MutationStore | undefined): Promise<Enrollment> {
    return new Promise<Enrollment>((resolve, reject) => {
      this.queue.push({ ...req, store, resolve, reject });
      if (this.running >= IN_FLIGHT) return;
      this.running++;
      if (this.lingerMs > 0) setTimeout(() => void this.drain(), this.lingerMs);
      else setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.decideGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.running--;
    }
  }

  private async decideGroup(group: Waiting[]): Promise<void> {
    // The same teacher and class twice in one group (a double click): the second waits for the next group.
    const seen = new Set<string>();
    const now: Waiting[] = [];
    const later: Waiting[] = [];
    for (const w of group) {
      const key = `${w.actor.teacherId}:${w.classId}`;
      (seen.has(key) ? later : now).push(w);
      seen.add(key);
    }
    this.queue.unshift(...later);
    this.stats.groups++;
    this.stats.requests += now.length;
    let decided: Decided[];
    let eventIds: number[];
    try {
      [decided, eventIds] = await inTransaction(this.ds, async (em) => {
        const d = await decideSelections(em, this.plugins, now);
        const ok = now.flatMap((w, i) => {
          const o = d[i]!;
          return 'ok' in o ? [{ operation: 'selectClass', actor: w.actor, requestId: w.store?.requestId ?? '', changes: o.changes }] : [];
        });
        return [d, await insertAuditEvents(em, ok)] as const;
      });
    } catch (err) {
      this.stats.fallbacks++;
      console.warn(`[selection] a group of ${now.length} selections is redone one by one: ${(err as Error)?.message ?? err}`);
      await Promise.all(now.map((w) => this.single(w, w.store ?? blankStore(w.actor)).then(w.resolve, w.reject)));
      return;
    }
    let k = 0;
    now.forEach((w, i) => {
      const o = decided[i]!;
      if (!('ok' in o)) return w.reject(o.error);
      if (w.store) {
        w.store.changes.push(...o.changes);
        w.store.eventId = eventIds[k];
      }
      k++;
      w.resolve(o.ok);
    });
  }
}

const blankStore = (actor: Actor): MutationStore => ({ operation: 'selectClass', actor, requestId: '', changes: [] });

/**
 * C-3 and C-4 for a group of teachers' own selections, in the caller's transaction: `out[i]`
 * is the saved selection of `reqs[i]` with what it changed, or the error it gets alone.
 */
export async function decideSelections(em: EntityManager, plugins: PluginRuntime, reqs: SelectionRequest[]): Promise<Decided[]> {
  const out: (Decided | null)[] = reqs.map(() => null);
  const fail = (i: number, error: unknown) => void (out[i] = { error });

  // Each teacher's own record (the teacher scope, scopeBy teacher: 'id', is exactly this row) —
  // only what a selection copies — with the selections they already hold among the asked classes.
  const teacherIds = [...new Set(reqs.map((r) => r.actor.teacherId!))];
  const askedIds = [...new Set(reqs.map((r) => r.classId))];
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const teacherRows = (await em.query(
    `SELECT t.id, t.schoolId, t.regionId, e.id AS eid, e.classId AS ecid, e.status AS est FROM teacher t
     LEFT JOIN enrollment e ON e.teacherId = t.id AND e.classId IN (${marks(askedIds.length)}) WHERE t.id IN (${marks(teacherIds.length)})`,
    [...askedIds, ...teacherIds],
  )) as { id: number; schoolId: number; regionId: string; eid: number | null; ecid: number | null; est: EnrollmentStatus | null }[];
  const own = new Map<number, { id: number; schoolId: number; regionId: string }>();
  const held = new Map<string, { id: number; status: EnrollmentStatus }>();
  for (const t of teacherRows) {
    own.set(Number(t.id), { id: Number(t.id), schoolId: Number(t.schoolId), regionId: String(t.regionId) });
    if (t.eid !== null) held.set(`${t.id}:${t.ecid}`, { id: Number(t.eid), status: t.est! });
  }
  const teachers = reqs.map((r) => own.get(r.actor.teacherId!) ?? null);
  const classes = await findScopedMany(em, classResource, reqs.map((r) => ({ actor: r.actor, id: r.classId })));
  const projectIds = [...new Set(classes.flatMap((c) => (c ? [c.projectId] : [])))];
  const projects = new Map((projectIds.length ? await em.getRepository(Project).findBy({ id: In(projectIds) }) : []).map((p) => [p.id, p]));
  reqs.forEach((r, i) => {
    if (!teachers[i]) fail(i, notFound(teacherResource.labelZh, r.actor.teacherId));
    else if (!classes[i]) fail(i, notFound(classResource.labelZh, r.classId));
  });

  // C-3 and the governing plugins' rules, each request as its own teacher.
  const now = new Date();
  const open = reqs.flatMap((_, i) => (out[i] ? [] : [i]));
  const found = await plugins.checkMany(
    'selection.create',
    open.map((i) => {
      const cls = classes[i]!;
      return {
        input: { classId: cls.id, teacherId: teachers[i]!.id, round: reqs[i]!.round, now, class: cls, project: projects.get(cls.projectId)! },
        regionId: teachers[i]!.regionId, actor: reqs[i]!.actor,
      };
    }),
    em, reqs[0]!.actor,
  );
  open.forEach((i, k) => {
    const violations = [...selectionOpenViolations(projects.get(classes[i]!.projectId)!, classes[i]!), ...found[k]!];
    if (violations.length) fail(i, new RuleViolations(violations));
  });

  // The (teacher, class) unique index is the final word; the pairs read above only word the refusal.
  reqs.forEach((_, i) => {
    const e = out[i] ? undefined : held.get(`${teachers[i]!.id}:${classes[i]!.id}`);
    if (e) fail(i, alreadySelected(e));
  });

  // C-4: the classes' rows locked in id order, their seats handed out in arrival order.
  const seeking = reqs.flatMap((_, i) => (out[i] ? [] : [i]));
  const classIds = [...new Set(seeking.map((i) => classes[i]!.id))].sort((a, b) => a - b);
  const seats = new Map<number, { capacity: number; enrolled: number; before: number }>();
  // Written as SQL: the query builder took more of the API's time than the statements took MariaDB's.
  // MySQL: through the primary key by force — when the asked classes are a large share of a small
  // table the optimizer scans the whole table instead and locks every row it passes, and two
  // groups locking each other's classes deadlock (seen in the rush test with 8 classes).
  const sqlite = em.connection.options.type === 'better-sqlite3';
  const classTable = sqlite ? 'training_class' : 'training_class FORCE INDEX (PRIMARY)';
  if (classIds.length) {
    const locked = (await em.query(
      `SELECT id, capacity, enrolled FROM ${classTable} WHERE id IN (${marks(classIds.length)}) ORDER BY id${sqlite ? '' : ' FOR UPDATE'}`, classIds,
    )) as { id: number; capacity: number; enrolled: number }[];
    for (const c of locked) seats.set(Number(c.id), { capacity: Number(c.capacity), enrolled: Number(c.enrolled), before: Number(c.enrolled) });
  }
  const granted: number[] = [];
  for (const i of seeking) {
    const s = seats.get(classes[i]!.id)!;
    if (s.enrolled < s.capacity) {
      s.enrolled++;
      granted.push(i);
    }
  }
  // Refused after all grants, so the refusal shows the seats taken once this group is in.
  const grantedSet = new Set(granted);
  for (const i of seeking) {
    const s = seats.get(classes[i]!.id)!;
    if (!grantedSet.has(i)) fail(i, classFull(s.capacity, s.enrolled));
  }
  if (!granted.length) return out as Decided[];

  const rows = granted.map((i) => {
    const teacher = teachers[i]!;
    const cls = classes[i]!;
    const project = projects.get(cls.projectId)!;
    const steps = plugins.selectionSteps(teacher.regionId, selectionSteps(project.level), {
      projectLevel: project.level, projectCategory: project.category, round: reqs[i]!.round,
    }) as ReviewStep[];
    return Object.assign(new Enrollment(), {
      teacherId: teacher.id, classId: cls.id, schoolId: teacher.schoolId, regionId: teacher.regionId, round: reqs[i]!.round,
      projectRevision: project.revision, nominated: false, status: EnrollmentStatus.pending, pendingStep: steps[0]!, steps,
      selectedAt: now, withdrawnAt: null, withdrawReason: null,
    });
  });
  const ids = await insertMany(em, Enrollment, rows);
  rows.forEach((row, k) => (row.id = ids[k]!));

  // The seats, with the counts read under the locks as the condition: any other outcome undoes the group.
  const taken = [...seats].filter(([, s]) => s.enrolled !== s.before);
  const cases = `CASE id ${taken.map(() => 'WHEN ? THEN ?').join(' ')} END`;
  const updated = await em.queryRunner!.query(
    `UPDATE ${classTable} SET enrolled = ${cases} WHERE id IN (${marks(taken.length)}) AND enrolled = ${cases}`,
    [...taken.flatMap(([id, s]) => [id, s.enrolled]), ...taken.map(([id]) => id), ...taken.flatMap(([id, s]) => [id, s.before])],
    true,
  );
  if (updated.affected !== taken.length) throw new Error(`C-4: seat counts of ${taken.length - (updated.affected ?? 0)} classes moved under their locks`);

  const seatChange = new Map<number, { before: number; after: number }>();
  granted.forEach((i, k) => {
    const cls = classes[i]!;
    const before = seatChange.get(cls.id)?.after ?? seats.get(cls.id)!.before;
    seatChange.set(cls.id, { before, after: before + 1 });
    const row = rows[k]!;
    out[i] = {
      ok: row,
      changes: [
        { entity: 'Enrollment', id: String(row.id), op: 'insert', after: plain(row), regionId: row.regionId, institutionId: row.schoolId },
        { entity: 'TrainingClass', id: String(cls.id), op: 'update', before: { enrolled: before }, after: { enrolled: before + 1 }, regionId: cls.regionId, institutionId: cls.institutionId },
      ],
    };
  });
  return out as Decided[];
}
