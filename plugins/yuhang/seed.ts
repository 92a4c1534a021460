import type { EntityManager } from 'typeorm';
import { CourseKind, InstitutionKind, ProjectLevel, ProjectStatus, Stage, TrainingMode } from '../../core/entities/enums.js';
import { CurriculumItem, Institution, Project, ProjectTransition } from '../../core/entities/index.js';
import { YhFunding, YUHANG } from './funding.js';

/** The YH-4 life cycle a demo school-based project stops at: declared, reviewed, run, completed. */
const PLAN: { name: string; status: ProjectStatus; path: ProjectStatus[] }[] = [
  { name: '校本研修：大单元教学设计', status: ProjectStatus.submitted, path: [ProjectStatus.submitted] },
  { name: '校本研修：课堂观察与评课', status: ProjectStatus.published, path: [ProjectStatus.submitted, ProjectStatus.approved, ProjectStatus.published] },
  { name: '校本研修：作业设计与减负', status: ProjectStatus.closed, path: [ProjectStatus.submitted, ProjectStatus.approved, ProjectStatus.published, ProjectStatus.closed] },
];

/**
 * Demo for the Yuhang layer: school-based training run as projects by three Yuhang schools
 * (YH-4, at different steps of declare → review → run → complete), and a year of district
 * training funds for the YH-3 metrics. Does nothing when the demo has no Yuhang schools.
 */
export async function seedYuhang(em: EntityManager): Promise<void> {
  const schools = await em.getRepository(Institution).find({ where: { kind: InstitutionKind.school, regionId: YUHANG }, order: { id: 'ASC' }, take: PLAN.length });
  const at = (day: number) => new Date(Date.UTC(2026, 8, day, 2));
  for (const [i, school] of schools.entries()) {
    const plan = PLAN[i]!;
    const project = await em.getRepository(Project).save(em.getRepository(Project).create({
      name: plan.name, institutionId: school.id, regionId: YUHANG, level: ProjectLevel.school, category: '校本研修', subject: '综合',
      stage: school.stage ?? Stage.primary, hours: 24, credits: 24, mode: TrainingMode.offline, onlineCredits: 0, hybridApproved: false,
      finalAssessment: true, leadExpertId: null, totalFee: 0, startDate: '2026-10-12', endDate: '2026-12-18',
      description: `${school.name}本学期校本研修项目`, status: plan.status, revision: 1,
    }));
    await em.getRepository(CurriculumItem).insert([
      { projectId: project.id, seq: 0, title: '专题学习：新课标解读', hours: 8, kind: CourseKind.theory, tags: ['教师专业标准'], trainerExpertId: null },
      { projectId: project.id, seq: 1, title: '课例研讨与磨课', hours: 16, kind: CourseKind.practice, tags: ['师德教育', '信息技术应用能力'], trainerExpertId: null },
    ]);
    let from = ProjectStatus.draft;
    for (const [step, to] of plan.path.entries()) {
      await em.getRepository(ProjectTransition).insert({ projectId: project.id, fromStatus: from, toStatus: to, actor: 'seed:demo', at: at(1 + step * 7), reason: null });
      from = to;
    }
  }
  if (schools.length && !(await em.getRepository(YhFunding).countBy({ year: 2026 })))
    await em.getRepository(YhFunding).insert({
      year: 2026, regionId: YUHANG, payroll: 1_850_000_000, trainingFunds: 61_000_000, toSchools: 44_500_000, updatedBy: 'seed:demo',
      schools: JSON.stringify(schools.map((s, i) => ({ schoolId: s.id, publicFunds: 3_000_000 + i * 500_000, trainingFunds: 330_000 + i * 40_000 }))),
    });
}
