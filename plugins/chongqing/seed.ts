import { In, type EntityManager } from 'typeorm';
import { BackboneLevel, InstitutionKind } from '../../core/entities/enums.js';
import { Institution, Teacher } from '../../core/entities/index.js';
import { registerAnnualComplete } from './backbone/credits.js';
import { designationUntil } from './backbone/cycle.js';
import { dutyFindings, type AnnualFormData } from './backbone/duties.js';
import { CqBackboneAssessment, CqBackboneDesignation, CqBackboneQuota, CqBackboneTraining, CqTravelClaim } from './entities/index.js';
import type { ChongqingOptions } from './options.js';
import { travelSplit } from './resources/index.js';

const BY = 'seed:chongqing';
/** Fixed dates: the demo is the same on every machine. */
const YEAR = 2022;
const FROM = '2022-09-01';
const ASSESSED = [2022, 2023, 2024, 2025];
/** Which teachers (by order) failed 2024, and lost the designation on 1 March 2025. */
const FAILED = 1;
const REVOKED = 3;

function sampleForm(year: number, level: string, full: boolean): AnnualFormData {
  const guided = level === 'national' ? 'municipal' : 'district';
  return {
    year,
    monograph: { title: '《教育过程》', notes: true },
    reflections: { first: full ? 2 : 1, second: full ? 1 : 0 },
    researchProjects: [{ title: '核心素养导向的单元教学设计研究', level: 'municipal', role: full ? 'host' : 'participant', outcome: 'stage' }],
    papers: full ? [{ title: '大单元教学的实践路径', journal: '重庆教育', level: 'provincial' }] : [],
    prizes: [],
    demonstrationLessons: { first: 1, second: 1 },
    lectures: { first: 1, second: 1 },
    guidedTeachers: [{ name: '学员甲', level: guided }, { name: '学员乙', level: guided }],
    summary: '按要求履行骨干教师职责。',
  };
}

/**
 * Demo data after the core demo: a dozen Chongqing teachers as national and municipal backbone
 * teachers designated in 2022 with their quotas, trainings, annual assessments 2022–2025
 * (one failed year, one revocation), the BB-8 credits of the passed years, one trainee still
 * in training with a travel claim. Stipends (BB-7) follow from these. Nothing when the demo has
 * no Chongqing teachers, or when it already ran.
 */
export async function seedChongqingDemo(em: EntityManager, o: ChongqingOptions): Promise<void> {
  if (await em.getRepository(CqBackboneDesignation).count()) return;
  const teachers = await em.getRepository(Teacher).createQueryBuilder('t')
    .where('t.regionId LIKE :p', { p: '50%' }).orderBy('t.id', 'ASC').limit(13).getMany();
  if (!teachers.length) return;
  const base = await em.getRepository(Institution).createQueryBuilder('i')
    .where('i.regionId LIKE :p AND i.kind IN (:...k)', { p: '50%', k: [InstitutionKind.university, InstitutionKind.development_center, InstitutionKind.training] })
    .orderBy('i.id', 'ASC').getOne();

  // BB-2 quotas of the recommendation year: each district and school gets what it used.
  const quotas = new Map<string, { year: number; level: string; regionId: string; schoolId: number | null; quota: number }>();
  const bump = (level: string, regionId: string, schoolId: number | null) => {
    const key = `${YEAR}:${level}:${regionId}:${schoolId ?? '-'}`;
    const q = quotas.get(key) ?? { year: YEAR, level, regionId, schoolId, quota: 1 };
    q.quota++;
    quotas.set(key, q);
  };
  const levelOf = (i: number) => (i < 3 ? 'national' : 'municipal');
  teachers.forEach((t, i) => {
    bump(levelOf(i), t.regionId, t.schoolId);
    bump(levelOf(i), t.regionId, null);
  });
  await em.getRepository(CqBackboneQuota).insert([...quotas.entries()].map(([quotaKey, q]) => ({ ...q, quotaKey, createdBy: BY })));

  const designations = em.getRepository(CqBackboneDesignation);
  const at = new Date(`${YEAR}-03-01T02:00:00Z`);
  const trainee = teachers.length > 1 ? teachers[teachers.length - 1]! : null;
  for (const [i, t] of teachers.entries()) {
    const level = levelOf(i);
    const inTraining = t === trainee;
    const revoked = i === REVOKED;
    const d = await designations.save(designations.create({
      teacherId: t.id, schoolId: t.schoolId, regionId: t.regionId, level, year: inTraining ? 2025 : YEAR, subject: t.subject,
      status: inTraining ? 'trainee' : revoked ? 'revoked' : 'designated', recommendedBy: BY, recommendedAt: at, recommendReason: null,
      districtBy: BY, districtApprovedAt: at, expertBy: BY, expertApprovedAt: at,
      approvedBy: inTraining ? null : BY, approvedAt: inTraining ? null : new Date(`${FROM}T02:00:00Z`),
      designatedFrom: inTraining ? null : FROM, designatedUntil: inTraining ? null : designationUntil(FROM, o.backbone.cycleYears),
      rejectedStep: null, rejectReason: null, revokedBy: revoked ? BY : null, revokedOn: revoked ? '2025-03-01' : null,
      revokeReason: revoked ? '未履行骨干教师职责（示例）' : null, previousDesignationId: null,
    }));
    const need = level === 'national' ? o.backbone.training.national : o.backbone.training.municipal;
    let trainingId: number | null = null;
    if (base) {
      const saved = await em.getRepository(CqBackboneTraining).save(em.getRepository(CqBackboneTraining).create({
        designationId: d.id, teacherId: t.id, schoolId: t.schoolId, regionId: t.regionId, level, baseInstitutionId: base.id,
        startDate: inTraining ? '2025-09-01' : '2021-09-01', endDate: inTraining ? null : '2022-08-31',
        centralizedMonths: need.centralizedMonths, practiceMonths: need.practiceMonths, mentorBase: '刘志远', mentorPractice: '陈晓红',
        result: inTraining ? null : 'pass', resultBy: inTraining ? null : BY, resultAt: inTraining ? null : new Date('2022-08-31T02:00:00Z'),
        resultReason: null, note: null, createdBy: BY,
      }));
      trainingId = saved.id;
    }
    if (inTraining) {
      if (trainingId) {
        const amount = 1280;
        await em.getRepository(CqTravelClaim).insert({
          trainingId, designationId: d.id, teacherId: t.id, schoolId: t.schoolId, regionId: t.regionId, date: '2025-10-15',
          description: '集中培训往返交通及住宿', amount, ...travelSplit(amount, o.backbone.travelDistrictShare), createdBy: BY,
        });
      }
      continue;
    }
    for (const year of ASSESSED) {
      if (revoked && year > 2024) break;
      const fail = i === FAILED && year === 2024;
      const data = sampleForm(year, level, !fail);
      const decidedAt = new Date(`${year}-12-28T02:00:00Z`);
      const a = await em.getRepository(CqBackboneAssessment).save(em.getRepository(CqBackboneAssessment).create({
        designationId: d.id, teacherId: t.id, schoolId: t.schoolId, regionId: t.regionId, level, year,
        status: fail ? 'failed' : 'passed', result: fail ? 'fail' : 'pass', data: JSON.stringify(data),
        dutyFindings: JSON.stringify(dutyFindings(level, data, o.backbone.duties)), submittedBy: BY, submittedAt: new Date(`${year}-12-01T02:00:00Z`),
        schoolBy: BY, schoolAt: new Date(`${year}-12-05T02:00:00Z`), schoolComment: null,
        districtBy: BY, districtAt: new Date(`${year}-12-15T02:00:00Z`), districtComment: null,
        municipalBy: BY, municipalAt: decidedAt, municipalComment: fail ? '年度职责未完成（示例）' : null, creditRecordId: null,
      }));
      if (!fail) {
        const creditRecordId = await registerAnnualComplete(em, a, o, BY);
        if (creditRecordId) await em.getRepository(CqBackboneAssessment).update({ id: a.id }, { creditRecordId });
      }
    }
  }
  const designated = teachers.filter((t, i) => t !== trainee && i !== REVOKED);
  for (const level of ['national', 'municipal'] as const) {
    const ids = designated.filter((t) => levelOf(teachers.indexOf(t)) === level).map((t) => t.id);
    if (ids.length) await em.getRepository(Teacher).update({ id: In(ids) }, { backboneLevel: level as BackboneLevel });
  }
}
