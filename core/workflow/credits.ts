import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { In, type EntityManager } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { ClassStatus, CreditSource, EnrollmentStatus } from '../entities/enums.js';
import { Assessment, CreditRecord, Enrollment, Institution, Project, Teacher } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { Violation, Waiver } from '../plugin-host/types.js';
import { teacherResource } from '../resources/teacher.js';
import { classResource, creditRecordResource } from '../resources/training.js';
import { checkCreditQualification } from '../rules/c5-credit-qualification.js';
import { classCreditConversion, classGrantKey } from '../rules/c6-credit-conversion.js';
import { c7TrainingFailed, summarizeAttendance } from '../rules/c7-attendance.js';
import { latestAssessment } from '../rules/c8-assessment.js';
import { checkCorrection, EXTERNAL_SOURCES } from '../rules/c14-credit-correction.js';
import { cycleForYear, isUniqueViolation, requireRole, round1, yearOf } from './delivery-shared.js';

@ObjectType({ description: 'A teacher the grant skipped because a rule (C-7 or a plugin rule at credit.grant) refused' })
export class CreditGrantRefusal {
  @Field(() => ID) teacherId!: number;
  @Field(() => ID) enrollmentId!: number;
  @Field(() => String) rule!: string;
  @Field(() => String) messageZh!: string;
  @Field(() => String) messageEn!: string;
  @Field(() => String, { nullable: true }) limit!: string | null;
  @Field(() => String, { nullable: true }) actual!: string | null;
}

@ObjectType()
export class CreditGrantResult {
  @Field(() => ID) classId!: number;
  @Field(() => Int, { description: 'records created by this call' }) granted!: number;
  @Field(() => Int, { description: 'teachers who already had this class\'s record (C-6: nothing added)' }) already!: number;
  @Field(() => Int, { description: 'approved trainees whose latest assessment is fail or missing' }) notPassed!: number;
  @Field(() => [CreditGrantRefusal]) refused!: CreditGrantRefusal[];
  @Field(() => [CreditRecord], { description: 'all class credit records of this class' }) records!: CreditRecord[];
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const oneDecimal = (v: number) => Number.isFinite(v) && Math.round(v * 10) === v * 10;

/** Net credits/hours of a record with every correction of it. */
async function netOf(em: EntityManager, root: CreditRecord): Promise<{ credits: number; hours: number }> {
  const sum = await em
    .getRepository(CreditRecord)
    .createQueryBuilder('c')
    .select('COALESCE(SUM(c.credits), 0)', 'credits')
    .addSelect('COALESCE(SUM(c.hours), 0)', 'hours')
    .where('c.correctsId = :id', { id: root.id })
    .getRawOne<{ credits: string | number; hours: string | number }>();
  return { credits: round1(Number(root.credits) + Number(sum?.credits ?? 0)), hours: round1(Number(root.hours) + Number(sum?.hours ?? 0)) };
}

@Resolver()
export class CreditsResolver {
  /**
   * Grants a class's credits (C-6) to every approved trainee whose latest assessment is
   * pass or excellent, once per teacher however often or concurrently it is called: the
   * record's unique grantKey refuses a second row, and a refused row counts as `already`.
   * C-5 refuses the whole class when the institution was not qualified over its dates —
   * unless a plugin governing a trainee may waive C-5 (ZJ-17: the school's prior approval);
   * then each trainee is decided alone, granted under a waiver or refused C-5.
   * Per teacher, C-7 and the plugins' 'credit.grant' rules may skip that teacher (listed
   * in `refused`) without stopping the others.
   */
  @Mutation(() => CreditGrantResult, { description: '按考核结果登记班期学分（C-5, C-6, C-7）' })
  async grantClassCredits(@Ctx() ctx: Context, @Arg('classId', () => ID) classId: string): Promise<CreditGrantResult> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      // The class row lock (MySQL) queues concurrent grants of one class; the unique key guards regardless.
      const cls = await findScoped(em, classResource, actor, classId, true);
      requireRole(actor, ['institution', 'bureau'], '只有承办机构或主管教育行政部门可以登记学分', 'Only the institution or a bureau over the class grants credits');
      if (cls.status === ClassStatus.cancelled) throw badInput('班期已取消，不能登记学分', 'The class is cancelled', 'classId');
      const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });
      const c5 = await checkCreditQualification(em, cls, project);

      const year = yearOf(cls.endDate);
      const cycle = await cycleForYear(em, year);
      const enrollments = await em.getRepository(Enrollment).find({
        where: { classId: cls.id, status: EnrollmentStatus.approved }, order: { teacherId: 'ASC' },
      });
      const enrollmentIds = enrollments.map((e) => e.id);
      const assessments = enrollmentIds.length ? await em.getRepository(Assessment).find({ where: { enrollmentId: In(enrollmentIds) } }) : [];
      const attendance = await summarizeAttendance(em, cls.id, enrollmentIds);
      const teachers = new Map(
        (enrollments.length ? await em.getRepository(Teacher).find({ where: { id: In(enrollments.map((e) => e.teacherId)) } }) : []).map((t) => [t.id, t]),
      );
      const unqualified = c5[0];
      if (unqualified && ![...teachers.values()].some((t) => ctx.plugins.mayWaive('C-5', t.regionId))) throwIfViolations(c5);
      const institutionName = unqualified ? ((await em.getRepository(Institution).findOneBy({ id: cls.institutionId }))?.name ?? '') : '';
      const keys = enrollments.map((e) => classGrantKey(cls.id, e.teacherId));
      const existing = new Set(
        keys.length ? (await em.getRepository(CreditRecord).find({ where: { grantKey: In(keys) }, select: { id: true, grantKey: true } })).map((r) => r.grantKey) : [],
      );

      const result: CreditGrantResult = Object.assign(new CreditGrantResult(), { classId: cls.id, granted: 0, already: 0, notPassed: 0, refused: [], records: [] });
      const refuse = (e: Enrollment, v: Violation) =>
        result.refused.push({ teacherId: e.teacherId, enrollmentId: e.id, rule: v.rule, messageZh: v.messageZh, messageEn: v.messageEn, limit: str(v.limit), actual: str(v.actual) });

      for (const e of enrollments) {
        const latest = latestAssessment(assessments.filter((a) => a.enrollmentId === e.id));
        const amount = classCreditConversion(project, latest?.grade);
        if (!amount) { result.notPassed++; continue; }
        const grantKey = classGrantKey(cls.id, e.teacherId);
        if (existing.has(grantKey)) { result.already++; continue; }
        const summary = attendance.get(e.id)!;
        if (summary.failed) { refuse(e, c7TrainingFailed(summary)); continue; }
        const teacher = teachers.get(e.teacherId)!;
        let waiver: Waiver | null = null;
        if (unqualified) {
          waiver = await ctx.plugins.waiver('C-5', {
            teacherId: e.teacherId, classId: cls.id, enrollmentId: e.id, institutionId: cls.institutionId, institutionName,
            startDate: cls.startDate, endDate: cls.endDate, refusal: unqualified,
          }, teacher.regionId, em, actor);
          if (!waiver) { refuse(e, unqualified); continue; }
        }
        const violations = await ctx.plugins.check('credit.grant', { classId: cls.id, teacherId: e.teacherId, enrollmentId: e.id }, teacher.regionId, em, actor);
        if (violations.length) { violations.forEach((v) => refuse(e, v)); continue; }
        try {
          const inserted = await em.getRepository(CreditRecord).insert({
            teacherId: e.teacherId, cycleId: cycle.id, regionId: teacher.regionId, year, credits: amount.credits, hours: amount.hours,
            source: CreditSource.class, classId: cls.id, enrollmentId: e.id, evidence: waiver ? `${waiver.rule}：${waiver.evidence}`.slice(0, 500) : null,
            correctsId: null, reason: null, grantKey, createdBy: actor.id, createdAt: new Date(),
          });
          await waiver?.applied?.(Number(inserted.identifiers[0]!.id));
          result.granted++;
        } catch (err) {
          // Another grant got there first (C-6): one row per teacher, and this call goes on.
          if (!isUniqueViolation(err)) throw err;
          result.already++;
        }
      }
      // Nobody's credits waived (and none granted before): C-5 refuses the class as a whole, as where no plugin waives it.
      if (unqualified && !result.granted && !result.already) throwIfViolations(c5);
      result.records = await em.getRepository(CreditRecord).find({ where: { classId: cls.id, source: CreditSource.class }, order: { teacherId: 'ASC' } });
      return result;
    });
  }

  /** Credits earned outside the platform's classes, registered by the teacher's school or a bureau over them. */
  @Mutation(() => CreditRecord, { description: '登记校外/其他来源学分' })
  async registerExternalCredits(
    @Ctx() ctx: Context,
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('year', () => Int) year: number,
    @Arg('credits', () => Float) credits: number,
    @Arg('hours', () => Float) hours: number,
    @Arg('source', () => CreditSource) source: CreditSource,
    @Arg('evidence', () => String) evidence: string,
  ): Promise<CreditRecord> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const teacher = await findScoped(em, teacherResource, actor, teacherId);
      requireRole(actor, ['school', 'bureau'], '只有教师所在学校或教育行政部门可以登记学分', 'Only the teacher\'s school or a bureau registers credits');
      if (!EXTERNAL_SOURCES.includes(source))
        throw badInput(`来源 ${source} 不能手工登记（班期学分由结业登记，更正用更正记录）`, `Source ${source} cannot be registered by hand`, 'source');
      for (const [name, v] of [['credits', credits], ['hours', hours]] as const)
        if (!oneDecimal(v) || v < 0 || v > 10000) throw badInput(`${name} 须为 0 到 10000 之间、精确到 0.1 的数`, `${name} must be 0..10000 with one decimal`, name);
      if (credits === 0 && hours === 0) throw badInput('学分和学时不能都为 0', 'Credits and hours cannot both be 0', 'credits');
      const ev = (evidence ?? '').trim();
      if (!ev) throw badInput('请填写证明材料（证书编号、机构、批准文件等）', 'Evidence is required', 'evidence');
      if (ev.length > 500) throw badInput('证明材料不超过 500 字', 'evidence is at most 500 characters', 'evidence');
      if (year < 1990 || year > 2100) throw badInput(`年度不合理（实际 ${year}）`, `Implausible year ${year}`, 'year');
      const cycle = await cycleForYear(em, year);
      throwIfViolations(await ctx.plugins.check('credit.register', { teacherId: teacher.id, cycleId: cycle.id, source, credits }, teacher.regionId, em, actor));
      const repo = em.getRepository(CreditRecord);
      return repo.save(repo.create({
        teacherId: teacher.id, cycleId: cycle.id, regionId: teacher.regionId, year, credits, hours, source, classId: null, enrollmentId: null,
        evidence: ev, correctsId: null, reason: null, grantKey: null, createdBy: actor.id, createdAt: new Date(),
      }));
    });
  }

  /**
   * C-14: corrects a credit record by adding a new 'correction' record (signed delta, reason,
   * correctsId); the original is never changed. Corrections of a correction attach to the
   * original record. Made by a bureau or the teacher's school, never by the teacher.
   */
  @Mutation(() => CreditRecord, { description: '更正学分（新增更正记录，原记录不变，C-14）' })
  async correctCreditRecord(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('delta', () => Float) delta: number,
    @Arg('reason', () => String) reason: string,
    @Arg('hoursDelta', () => Float, { nullable: true, defaultValue: 0 }) hoursDelta?: number,
  ): Promise<CreditRecord> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const target = await findScoped(em, creditRecordResource, actor, id, true);
      const root = target.correctsId ? await findScoped(em, creditRecordResource, actor, target.correctsId, true) : target;
      const net = await netOf(em, root);
      const hd = hoursDelta ?? 0;
      const why = checkCorrection(actor, { delta, hoursDelta: hd, reason }, { credits: round1(net.credits + delta), hours: round1(net.hours + hd) });
      const repo = em.getRepository(CreditRecord);
      return repo.save(repo.create({
        teacherId: root.teacherId, cycleId: root.cycleId, regionId: root.regionId, year: root.year, credits: delta, hours: hd,
        source: CreditSource.correction, classId: root.classId, enrollmentId: root.enrollmentId, evidence: null,
        correctsId: root.id, reason: why, grantKey: null, createdBy: actor.id, createdAt: new Date(),
      }));
    });
  }
}
