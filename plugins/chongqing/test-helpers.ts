import { makeIdNumber } from '../../core/domain/id-number.js';
import { CourseKind, Gender, InstitutionKind, ProfessionalTitle, RegionLevel, Stage } from '../../core/entities/enums.js';
import { BudgetItem, Expert, Institution, Region, Teacher } from '../../core/entities/index.js';
import type { World } from '../../test/helpers/fixtures.js';
import { designationUntil } from './backbone/cycle.js';
import { CqBackboneAssessment, CqBackboneDesignation } from './entities/index.js';

/**
 * Test data for the Chongqing plugin on top of buildWorld (test/helpers/fixtures.ts): a second
 * district (大渡口区 500104), two more schools, their teachers, front-line and university
 * experts, and direct inserts of designations and assessments for the backbone tests.
 */
export interface CqWorld {
  district2: '500104';
  schools: { cq2: number; cq3: number };
  teachers: { cq2: number[]; cq3: number[] };
  experts: { front1: number; front2: number; front3: number; prof2: number };
}

let seq = 0;

export async function buildChongqingWorld(w: World): Promise<CqWorld> {
  await w.ds.getRepository(Region).insert({ id: '500104', name: '大渡口区', level: RegionLevel.district, parentId: '500000' });
  const inst = w.ds.getRepository(Institution);
  const school = async (name: string, regionId: string) => (await inst.save(inst.create({ name, kind: InstitutionKind.school, regionId, stage: Stage.primary }))).id;
  const schools = { cq2: await school('重庆市渝中区大坪小学', '500103'), cq3: await school('重庆市大渡口区育才小学', '500104') };
  const t = w.ds.getRepository(Teacher);
  const teachersOf = async (schoolId: number, regionId: string, n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const birthDate = '1985-04-12';
      const gender = i % 2 ? Gender.female : Gender.male;
      const teacher = t.create({
        name: `渝师${schoolId}-${i}`, idNumber: makeIdNumber(regionId, birthDate, 2 * (700 + seq++) + (gender === Gender.male ? 1 : 0), gender), gender,
        birthDate, schoolId, regionId, stage: Stage.primary, subject: '语文', title: ProfessionalTitle.first, hireDate: '2008-09-01',
      });
      ids.push((await t.save(teacher)).id);
    }
    return ids;
  };
  const teachers = { cq2: await teachersOf(schools.cq2, '500103', 3), cq3: await teachersOf(schools.cq3, '500104', 3) };
  const ex = w.ds.getRepository(Expert);
  const expert = async (name: string, frontLine: boolean) =>
    (await ex.save(ex.create({ name, title: ProfessionalTitle.senior, employerId: frontLine ? w.schools.cq1 : w.institutions.cqTrainer, formalStaff: true, frontLine, regionId: '500103', subject: '数学' }))).id;
  const experts = { front1: await expert('王一线', true), front2: await expert('李一线', true), front3: await expert('赵一线', true), prof2: await expert('钱教授', false) };
  return { district2: '500104', schools, teachers, experts };
}

/** A Chongqing project's curriculum that passes CQ-1 and CQ-2 (8 theory + 16 practice hours). */
export const goodCurriculum = () => [
  { title: '教师专业标准解读', hours: 8, kind: CourseKind.theory, tags: ['教师专业标准'] },
  { title: '课堂观察与研讨', hours: 16, kind: CourseKind.practice, tags: ['师德教育', '信息技术应用能力'] },
];

export async function addBudget(w: World, projectId: number, items: Record<string, number>): Promise<void> {
  await w.ds.getRepository(BudgetItem).insert(Object.entries(items).map(([kind, amount]) => ({ projectId, kind, amount })));
}

/** A designation already through the pipeline (reference data for the assessment, stipend and BB-6 tests). */
export async function insertDesignation(
  w: World,
  teacherId: number,
  over: Partial<CqBackboneDesignation> & { designatedFrom: string },
): Promise<CqBackboneDesignation> {
  const teacher = await w.ds.getRepository(Teacher).findOneByOrFail({ id: teacherId });
  const repo = w.ds.getRepository(CqBackboneDesignation);
  const at = new Date('2020-01-01T00:00:00Z');
  return repo.save(repo.create({
    teacherId, schoolId: teacher.schoolId, regionId: teacher.regionId, level: 'municipal', year: Number(over.designatedFrom.slice(0, 4)),
    subject: teacher.subject, status: 'designated', recommendedBy: 'test', recommendedAt: at, recommendReason: null, districtBy: 'test',
    districtApprovedAt: at, expertBy: 'test', expertApprovedAt: at, approvedBy: 'test', approvedAt: at,
    designatedUntil: designationUntil(over.designatedFrom, 5), rejectedStep: null, rejectReason: null, revokedBy: null, revokedOn: null,
    revokeReason: null, previousDesignationId: null, ...over,
  }));
}

export async function insertAssessment(w: World, d: CqBackboneDesignation, year: number, over: Partial<CqBackboneAssessment> = {}): Promise<CqBackboneAssessment> {
  const repo = w.ds.getRepository(CqBackboneAssessment);
  const result = over.result === undefined ? 'pass' : over.result;
  return repo.save(repo.create({
    designationId: d.id, teacherId: d.teacherId, schoolId: d.schoolId, regionId: d.regionId, level: d.level, year,
    status: result === 'pass' ? 'passed' : result === 'fail' ? 'failed' : 'submitted', result, data: '{}', dutyFindings: '[]',
    submittedBy: 'test', submittedAt: new Date(`${year}-12-01T00:00:00Z`), schoolBy: null, schoolAt: null, schoolComment: null,
    districtBy: null, districtAt: null, districtComment: null, municipalBy: null, municipalAt: null, municipalComment: null, creditRecordId: null,
    ...over,
  }));
}
