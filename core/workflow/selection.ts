import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Decision, EnrollmentStatus, ReviewStep } from '../entities/enums.js';
import { Enrollment, EnrollmentReview, Project, type Teacher, TrainingClass } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, type ErrorCode, RuleViolations, badInput, forbidden, notFound, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor, scopedQuery } from '../graphql/resource.js';
import type { Violation } from '../plugin-host/types.js';
import { teacherResource } from '../resources/teacher.js';
import { classResource, enrollmentResource } from '../resources/training.js';
import { STEP_LABEL, nextStep, reviewerStep, selectionOpenViolations, selectionSteps } from '../rules/selection-c3.js';
import { releaseSeat, takeSeat } from '../rules/selection-c4.js';
import { withdrawalViolations } from '../rules/selection-c15.js';
import { isDuplicateKey, selectionTx } from './selection-tx.js';
import { SelectionBatcher } from './selection-batch.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { STATUS_LABEL, alreadySelected } from './selection-labels.js';

/**
 * 选课: selection, its C-3 review chain, withdrawal (C-15), with seats counted by C-4.
 *
 * - `selectClass` (teacher, for themself) and `nominateTeacher` (the teacher's school admin)
 *   create a pending Enrollment whose review steps are fixed then (school → district when the
 *   level requires it → institution). A nomination is the school's own decision: its school
 *   step is recorded as approved by the nominating admin at once (EnrollmentReview), so the
 *   selection waits for the next step.
 * - `reviewSelection` decides the actor's step (see reviewerStep in core/rules/selection-c3.ts),
 *   which must be the pending one; a rejection releases the seat.
 * - `reviewSelections` is all-or-nothing: one transaction; the first refused item refuses the
 *   whole batch, its error naming the enrollment (extensions.enrollmentId / message prefix).
 * - `withdrawSelection` (the teacher): pending always; approved only after a project change (C-15).
 *
 * Every transition is a conditional UPDATE on the current row (status/pendingStep in the
 * WHERE), so two reviewers racing on the same selection cannot both pass. Lock order is
 * class row → enrollment rows in every mutation here, except that a new selection inserts its
 * own (not yet visible) enrollment row before taking the class row (see createSelection).
 */

const REASON_MAX = 500;
const BULK_MAX = 200;

const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}) => new AppError('CONFLICT', zh, en, extra);

function cleanReason(reason: string | null | undefined, field = 'reason'): string | null {
  const r = reason?.trim() ?? '';
  if (r.length > REASON_MAX) throw badInput(`理由不能超过 ${REASON_MAX} 字`, `reason must be at most ${REASON_MAX} characters`, field);
  return r || null;
}

async function reload(em: EntityManager, id: number): Promise<Enrollment> {
  return em.getRepository(Enrollment).findOneByOrFail({ id });
}

/** Moves a selection from `from` (status and pending step, as read) to `to`; refuses when someone else moved it first. */
async function transition(
  em: EntityManager,
  e: Enrollment,
  to: Partial<Pick<Enrollment, 'status' | 'pendingStep' | 'withdrawnAt' | 'withdrawReason'>>,
): Promise<void> {
  const qb = em
    .createQueryBuilder()
    .update(Enrollment)
    .set(to)
    .where('id = :id', { id: e.id })
    .andWhere('status = :fromStatus', { fromStatus: e.status })
    .updateEntity(false);
  if (e.pendingStep) qb.andWhere('pendingStep = :fromStep', { fromStep: e.pendingStep });
  else qb.andWhere('pendingStep IS NULL');
  const r = await qb.execute();
  if (r.affected !== 1)
    throw conflict('该选课刚被他人处理，请刷新后重试', 'This selection was just changed by someone else; reload and try again', { enrollmentId: String(e.id) });
}

/** C-3 (+ C-4): creates a selection for `teacher` in class `classId`. */
async function createSelection(
  em: EntityManager,
  plugins: PluginRuntime,
  actor: Actor,
  classId: string | number,
  teacher: Teacher,
  round: number,
  nominated: boolean,
): Promise<Enrollment> {
  if (!Number.isInteger(round) || round < 1) throw badInput('选课轮次须为正整数', 'round must be a positive integer', 'round');
  const cls = await findScoped(em, classResource, actor, classId);
  const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });

  const now = new Date();
  const violations: Violation[] = [
    ...selectionOpenViolations(project, cls),
    ...(await plugins.check('selection.create', { classId: cls.id, teacherId: teacher.id, round, now, class: cls, project }, teacher.regionId, em, actor)),
  ];
  throwIfViolations(violations);

  // C-3 core steps, then the teacher's region plugins (CQ-4 district review, ZJ-2 mandatory school review).
  const steps = plugins.selectionSteps(teacher.regionId, selectionSteps(project.level), {
    projectLevel: project.level, projectCategory: project.category, round,
  }) as ReviewStep[];
  const repo = em.getRepository(Enrollment);
  let saved: Enrollment;
  try {
    saved = await repo.save(
      repo.create({
        teacherId: teacher.id, classId: cls.id, schoolId: teacher.schoolId, regionId: teacher.regionId, round,
        projectRevision: project.revision, nominated, status: EnrollmentStatus.pending, pendingStep: steps[0]!, steps,
        selectedAt: now, withdrawnAt: null, withdrawReason: null,
      }),
    );
  } catch (e) {
    // The unique index (teacher, class) is the duplicate check: no read before the insert. The
    // failed INSERT leaves the transaction usable; say which selection is already there.
    if (!isDuplicateKey(e)) throw e;
    const existing = await em.getRepository(Enrollment).findOne({ where: { teacherId: teacher.id, classId: cls.id }, select: { id: true, status: true } });
    if (!existing) throw conflict('该教师已选过此班期', 'This teacher has already selected this class');
    throw alreadySelected(existing);
  }
  // C-4: the seat last. The new enrollment row is invisible to every other transaction, so taking
  // the class row lock after it keeps the lock order safe, and the lock is held only for what is
  // left (the audit event and COMMIT): in a selection rush every selection of a class waits for it.
  await takeSeat(em, cls.id);

  if (nominated) {
    // The school nominated: its review step is that decision, recorded like any other.
    throwIfViolations(
      await plugins.check('selection.review', { enrollmentId: saved.id, step: ReviewStep.school, decision: Decision.approve, now }, saved.regionId, em, actor),
    );
    await transition(em, saved, { pendingStep: nextStep(steps, ReviewStep.school), status: EnrollmentStatus.pending });
    await em.getRepository(EnrollmentReview).insert({
      enrollmentId: saved.id, step: ReviewStep.school, decision: Decision.approve, reviewer: actor.id, at: now, reason: '学校提名 (nominated by the school)',
    });
    return reload(em, saved.id);
  }
  // The row as saved (TypeORM filled in the id and the database defaults): no reload needed.
  return saved;
}

/** C-3: one review decision on a selection already loaded inside the actor's scope. */
async function reviewOne(
  em: EntityManager,
  ctx: Context,
  actor: Actor,
  e: Enrollment,
  decision: Decision,
  reason: string | null,
): Promise<Enrollment> {
  const cls = await em.getRepository(TrainingClass).findOneByOrFail({ id: e.classId });
  const step = reviewerStep(actor, e, cls);
  if (!step) throw forbidden('您的角色不能审核选课', 'Your role cannot review selections');
  if (e.status !== EnrollmentStatus.pending || !e.pendingStep) {
    const s = STATUS_LABEL[e.status];
    throw conflict(`该选课${s.zh}，不能再审核`, `This selection is ${s.en} and no longer under review`, { status: e.status });
  }
  if (e.pendingStep !== step) {
    const want = STEP_LABEL[e.pendingStep], mine = STEP_LABEL[step];
    throw conflict(
      `该选课当前待${want.zh}，不能进行${mine.zh}`,
      `This selection is waiting for the ${want.en}, not the ${mine.en}`,
      { pendingStep: e.pendingStep, step },
    );
  }
  if (decision === Decision.reject && !reason) throw badInput('驳回须填写理由', 'A rejection needs a reason', 'reason');

  const now = new Date();
  throwIfViolations(await ctx.plugins.check('selection.review', { enrollmentId: e.id, step, decision, now }, e.regionId, em, actor));

  if (decision === Decision.reject) {
    await releaseSeat(em, cls.id); // class row first; rolled back if the transition below is refused
    await transition(em, e, { status: EnrollmentStatus.rejected, pendingStep: null });
  } else {
    const next = nextStep(e.steps, step);
    await transition(em, e, { status: next ? EnrollmentStatus.pending : EnrollmentStatus.approved, pendingStep: next });
  }
  await em.getRepository(EnrollmentReview).insert({ enrollmentId: e.id, step, decision, reviewer: actor.id, at: now, reason });
  return reload(em, e.id);
}

const batchers = new WeakMap<DataSource, SelectionBatcher>();

/** Selections decided in groups by this process on `ds` since start (/health shows them: what to watch in a rush). */
export function selectionGroupStats(ds: DataSource): SelectionBatcher['stats'] {
  return batchers.get(ds)?.stats ?? { groups: 0, requests: 0, fallbacks: 0 };
}

/** This process's group-commit queue for selectClass on the context's database (see selection-batch.ts). */
function batcherFor(ctx: Context): SelectionBatcher {
  let b = batchers.get(ctx.ds);
  if (!b) {
    const { ds, plugins } = ctx;
    b = new SelectionBatcher(ds, plugins, (req, mutation) =>
      selectionTx({ ds, mutation }, async (em) => createSelection(em, plugins, req.actor, req.classId, await findScoped(em, teacherResource, req.actor, req.actor.teacherId!), req.round, false)));
    batchers.set(ds, b);
  }
  return b;
}

/** Names the enrollment a bulk item failed on, keeping the error's code and data. */
function tagError(err: unknown, id: number): unknown {
  if (err instanceof RuleViolations) {
    const code = (err.extensions.code as ErrorCode | undefined) ?? 'RULE_VIOLATION';
    return new RuleViolations(
      err.violations.map((v) => ({ ...v, messageZh: `选课 ${id}：${v.messageZh}`, messageEn: `selection ${id}: ${v.messageEn}` })),
      code,
    );
  }
  if (err instanceof AppError) {
    const { code, messageZh, messageEn, ...rest } = err.extensions as Record<string, unknown>;
    return new AppError(code as ErrorCode, `选课 ${id}：${String(messageZh)}`, `selection ${id}: ${String(messageEn)}`, { ...rest, enrollmentId: String(id) });
  }
  return err;
}

@Resolver()
export class SelectionResolver {
  @Mutation(() => Enrollment, { description: '教师自主选课（C-3 审核流程，C-4 名额）' })
  async selectClass(
    @Ctx() ctx: Context,
    @Arg('classId', () => ID) classId: string,
    @Arg('round', () => Int, { nullable: true, defaultValue: 1 }) round?: number | null,
  ): Promise<Enrollment> {
    const actor = requireActor(ctx);
    if (actor.role !== 'teacher' || !actor.teacherId) throw forbidden('只有教师本人可以自主选课', 'Only a teacher can select a class for themself');
    const r = round ?? 1;
    if (!Number.isInteger(r) || r < 1) throw badInput('选课轮次须为正整数', 'round must be a positive integer', 'round');
    const id = Number(classId);
    if (!Number.isSafeInteger(id) || id < 1) throw notFound(classResource.labelZh, classId);
    return batcherFor(ctx).select({ actor, classId: id, round: r }, ctx.mutation);
  }

  @Mutation(() => Enrollment, { description: '学校提名教师参训（C-3），学校审核步骤即时记录为通过' })
  async nominateTeacher(
    @Ctx() ctx: Context,
    @Arg('classId', () => ID) classId: string,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('round', () => Int, { nullable: true, defaultValue: 1 }) round?: number | null,
  ): Promise<Enrollment> {
    const actor = requireActor(ctx);
    if (actor.role !== 'school' || !actor.institutionId) throw forbidden('只有教师所在学校可以提名', "Only the teacher's school can nominate");
    return selectionTx(ctx, async (em) => {
      const teacher = await findScoped(em, teacherResource, actor, teacherId);
      return createSelection(em, ctx.plugins, actor, classId, teacher, round ?? 1, true);
    });
  }

  @Mutation(() => Enrollment, { description: '选课审核：学校审核、区县审核、培训机构复核（C-3）' })
  async reviewSelection(
    @Ctx() ctx: Context,
    @Arg('enrollmentId', () => ID) enrollmentId: string,
    @Arg('decision', () => Decision) decision: Decision,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Enrollment> {
    const actor = requireActor(ctx);
    const why = cleanReason(reason);
    return selectionTx(ctx, async (em) => {
      const e = await findScoped(em, enrollmentResource, actor, enrollmentId);
      return reviewOne(em, ctx, actor, e, decision, why);
    });
  }

  @Mutation(() => [Enrollment], { description: '批量审核选课（全部成功或全部不执行）' })
  async reviewSelections(
    @Ctx() ctx: Context,
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('decision', () => Decision) decision: Decision,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Enrollment[]> {
    const actor = requireActor(ctx);
    const why = cleanReason(reason);
    const unique = [...new Set(ids.map((id) => Number(id)))];
    if (unique.length === 0) return [];
    if (unique.length > BULK_MAX || unique.some((id) => !Number.isInteger(id)))
      throw new AppError('BAD_USER_INPUT', `一次最多审核 ${BULK_MAX} 条选课`, `At most ${BULK_MAX} selections per batch`, { field: 'ids', limit: BULK_MAX, actual: unique.length });
    return selectionTx(ctx, async (em) => {
      const rows = await scopedQuery(em, enrollmentResource, actor).andWhere('r.id IN (:...bulkIds)', { bulkIds: unique }).getMany();
      const found = new Map(rows.map((r) => [r.id, r]));
      const missing = unique.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound(enrollmentResource.labelZh, missing);
      // Lock order: by class, then enrollment (matches takeSeat → insert in selectClass).
      rows.sort((a, b) => a.classId - b.classId || a.id - b.id);
      const out = new Map<number, Enrollment>();
      for (const e of rows) {
        try {
          out.set(e.id, await reviewOne(em, ctx, actor, e, decision, why));
        } catch (err) {
          throw tagError(err, e.id);
        }
      }
      return unique.map((id) => out.get(id)!);
    });
  }

  @Mutation(() => Enrollment, { description: '教师退选（审核中可随时退选；已录取仅在项目变更后可退选，C-15）' })
  async withdrawSelection(
    @Ctx() ctx: Context,
    @Arg('enrollmentId', () => ID) enrollmentId: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<Enrollment> {
    const actor = requireActor(ctx);
    if (actor.role !== 'teacher' || !actor.teacherId) throw forbidden('只有教师本人可以退选', 'Only the teacher can withdraw their selection');
    const why = cleanReason(reason);
    if (!why) throw badInput('退选须填写理由', 'A withdrawal needs a reason', 'reason');
    return selectionTx(ctx, async (em) => {
      const e = await findScoped(em, enrollmentResource, actor, enrollmentId);
      if (e.teacherId !== actor.teacherId) throw forbidden();
      if (e.status !== EnrollmentStatus.pending && e.status !== EnrollmentStatus.approved) {
        const s = STATUS_LABEL[e.status];
        throw conflict(`该选课${s.zh}，不能退选`, `This selection is ${s.en} and cannot be withdrawn`, { status: e.status });
      }
      const cls = await em.getRepository(TrainingClass).findOneByOrFail({ id: e.classId });
      const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });
      throwIfViolations(withdrawalViolations(e, project));
      await releaseSeat(em, cls.id); // class row first; rolled back if the transition is refused
      await transition(em, e, { status: EnrollmentStatus.withdrawn, pendingStep: null, withdrawnAt: new Date(), withdrawReason: why });
      return reload(em, e.id);
    });
  }
}

/** Permission-table entries for the selection operations (core/auth/permissions.ts); scope still applies in SQL. */
