import type { DataSource } from 'typeorm';
import { makeIdNumber } from '../../core/domain/id-number.js';
import {
  ClassStatus, CourseKind, Gender, InstitutionKind, ProfessionalTitle, ProjectLevel, ProjectStatus, QualificationStatus,
  RegionLevel, Stage, TrainingMode,
} from '../../core/entities/enums.js';
import {
  ClassSession, CurriculumItem, Cycle, Expert, Institution, Project, ProjectExpert, Qualification, Region, Teacher, TrainingClass,
} from '../../core/entities/index.js';

/**
 * A small world for tests, written straight into the database: the Zhejiang and
 * Chongqing trees, a bureau per level, schools, a qualified training institution, experts,
 * the 2021–2025 and 2026–2030 cycles, and teachers. Projects and classes are made on demand.
 */
export interface World {
  ds: DataSource;
  regions: { zj: '330000'; hz: '330100'; yh: '330110'; cq: '500000'; cqYuzhong: '500103' };
  bureaus: { zj: number; hz: number; yh: number; cq: number };
  schools: { yh1: number; yh2: number; cq1: number };
  institutions: { zjTrainer: number; cqTrainer: number };
  experts: { lead: number; frontLine: number; professor: number };
  cycles: { current: number; previous: number };
  teachers: { yh1: number[]; yh2: number[]; cq1: number[] };
}

let idSeq = 100;

export async function buildWorld(ds: DataSource, opts: { teachersPerSchool?: number } = {}): Promise<World> {
  const n = opts.teachersPerSchool ?? 5;
  await ds.getRepository(Region).insert([
    { id: '330000', name: '浙江省', level: RegionLevel.province, parentId: null },
    { id: '330100', name: '杭州市', level: RegionLevel.city, parentId: '330000' },
    { id: '330110', name: '余杭区', level: RegionLevel.district, parentId: '330100' },
    { id: '500000', name: '重庆市', level: RegionLevel.province, parentId: null },
    { id: '500103', name: '渝中区', level: RegionLevel.district, parentId: '500000' },
  ]);
  const inst = ds.getRepository(Institution);
  const add = async (v: Partial<Institution>) => (await inst.save(inst.create(v))).id;
  const bureaus = {
    zj: await add({ name: '浙江省教育厅', kind: InstitutionKind.bureau, bureauLevel: RegionLevel.province, regionId: '330000' }),
    hz: await add({ name: '杭州市教育局', kind: InstitutionKind.bureau, bureauLevel: RegionLevel.city, regionId: '330100' }),
    yh: await add({ name: '余杭区教育局', kind: InstitutionKind.bureau, bureauLevel: RegionLevel.district, regionId: '330110' }),
    cq: await add({ name: '重庆市教育委员会', kind: InstitutionKind.bureau, bureauLevel: RegionLevel.province, regionId: '500000' }),
  };
  const schools = {
    yh1: await add({ name: '余杭区第一小学', kind: InstitutionKind.school, regionId: '330110', stage: Stage.primary, parentId: bureaus.yh }),
    yh2: await add({ name: '余杭区乡村中学', kind: InstitutionKind.school, regionId: '330110', stage: Stage.junior, rural: true, parentId: bureaus.yh }),
    cq1: await add({ name: '重庆市渝中区人和街小学', kind: InstitutionKind.school, regionId: '500103', stage: Stage.primary }),
  };
  const institutions = {
    zjTrainer: await add({ name: '杭州师范大学', kind: InstitutionKind.university, regionId: '330100', trainerCount: 40 }),
    cqTrainer: await add({ name: '重庆市教师进修学院', kind: InstitutionKind.development_center, regionId: '500000', trainerCount: 30 }),
  };
  const q = ds.getRepository(Qualification);
  for (const institutionId of [institutions.zjTrainer, institutions.cqTrainer])
    for (const level of [ProjectLevel.national, ProjectLevel.provincial, ProjectLevel.municipal, ProjectLevel.district])
      await q.insert({ institutionId, level, subject: '*', validFrom: '2020-01-01', validTo: null, status: QualificationStatus.active, statusReason: null });

  const ex = ds.getRepository(Expert);
  const addExpert = async (v: Partial<Expert>) => (await ex.save(ex.create(v))).id;
  const experts = {
    lead: await addExpert({ name: '周建国', title: ProfessionalTitle.associate_senior, employerId: institutions.zjTrainer, formalStaff: true, regionId: '330100', subject: '语文' }),
    frontLine: await addExpert({ name: '陈晓红', title: ProfessionalTitle.first, employerId: schools.yh1, formalStaff: true, frontLine: true, regionId: '330110', subject: '语文' }),
    professor: await addExpert({ name: '刘志远', title: ProfessionalTitle.senior, employerId: institutions.cqTrainer, formalStaff: true, regionId: '500000', subject: '数学' }),
  };
  const cy = ds.getRepository(Cycle);
  const cycles = {
    previous: (await cy.save(cy.create({ name: '2021—2025年周期', startYear: 2021, endYear: 2025 }))).id,
    current: (await cy.save(cy.create({ name: '2026—2030年周期', startYear: 2026, endYear: 2030 }))).id,
  };
  const t = ds.getRepository(Teacher);
  const SURNAMES = '王李张刘陈杨黄赵吴周';
  const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军'];
  const addTeachers = async (schoolId: number, regionId: string, stage: Stage, subject: string) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const gender = i % 2 ? Gender.female : Gender.male;
      const birthDate = `19${80 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`;
      const teacher = t.create({
        name: `${SURNAMES[i % 10]}${GIVEN[(i * 3 + schoolId) % 10]}${i >= 10 ? i : ''}`,
        idNumber: makeIdNumber(regionId, birthDate, 2 * idSeq++, gender),
        gender, birthDate, schoolId, regionId, stage, subject, title: ProfessionalTitle.second, hireDate: '2010-09-01',
      });
      ids.push((await t.save(teacher)).id);
    }
    return ids;
  };
  const teachers = {
    yh1: await addTeachers(schools.yh1, '330110', Stage.primary, '语文'),
    yh2: await addTeachers(schools.yh2, '330110', Stage.junior, '数学'),
    cq1: await addTeachers(schools.cq1, '500103', Stage.primary, '数学'),
  };
  return {
    ds,
    regions: { zj: '330000', hz: '330100', yh: '330110', cq: '500000', cqYuzhong: '500103' },
    bureaus, schools, institutions, experts, cycles, teachers,
  };
}

/** A project with a curriculum (theory + practice), optionally a class with sessions. */
export async function makeProject(
  w: World,
  over: Partial<Project> & { curriculum?: Partial<CurriculumItem>[] } = {},
): Promise<Project> {
  const repo = w.ds.getRepository(Project);
  const { curriculum, ...fields } = over;
  const project = await repo.save(
    repo.create({
      name: '小学语文骨干教师提升培训', institutionId: w.institutions.zjTrainer, regionId: '330000', level: ProjectLevel.provincial,
      category: '学科', subject: '语文', stage: Stage.primary, hours: 24, credits: 24, mode: TrainingMode.offline, onlineCredits: 0,
      hybridApproved: false, finalAssessment: false, leadExpertId: w.experts.lead, totalFee: 0, startDate: '2026-12-01',
      endDate: '2026-12-04', description: null, status: ProjectStatus.draft, revision: 1,
      ...fields,
    }),
  );
  const items = curriculum ?? [
    { title: '教师专业标准解读', hours: 8, kind: CourseKind.theory, tags: ['教师专业标准'] },
    { title: '课堂观察与研讨', hours: 16, kind: CourseKind.practice, tags: ['师德教育', '信息技术应用能力'] },
  ];
  const ci = w.ds.getRepository(CurriculumItem);
  let seq = 0;
  for (const item of items) await ci.insert({ projectId: project.id, seq: seq++, trainerExpertId: null, tags: [], ...item } as CurriculumItem);
  await w.ds.getRepository(ProjectExpert).insert({ projectId: project.id, expertId: w.experts.frontLine, role: 'trainer' });
  return project;
}

/** A class of a project, one session per curriculum item (all hours on the class's start date). */
export async function makeClass(w: World, project: Project, over: Partial<TrainingClass> = {}): Promise<TrainingClass> {
  const repo = w.ds.getRepository(TrainingClass);
  const cls = await repo.save(
    repo.create({
      projectId: project.id, regionId: project.regionId, institutionId: project.institutionId, name: `${project.name} 第1期`,
      startDate: project.startDate ?? '2026-12-01', endDate: project.endDate ?? '2026-12-04', capacity: 50, enrolled: 0, venue: '杭州师范大学仓前校区',
      schedulePublishedAt: null, status: ClassStatus.planned, ...over,
    }),
  );
  const items = await w.ds.getRepository(CurriculumItem).find({ where: { projectId: project.id }, order: { seq: 'ASC' } });
  const sessions = w.ds.getRepository(ClassSession);
  for (const item of items)
    await sessions.insert({ classId: cls.id, curriculumItemId: item.id, date: cls.startDate, title: item.title, hours: item.hours });
  return cls;
}
