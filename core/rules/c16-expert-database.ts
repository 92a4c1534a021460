import { In, type EntityManager } from 'typeorm';
import { CurriculumItem, Expert, ProjectExpert, type Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/** Roles of ProjectExpert that count as the project's experts and trainers. */
const TEAM_ROLES = ['expert', 'trainer'];

/**
 * C-16 (000 §(十六), 003 §六(一) "申报项目时，务必将方案中涉及的培训授课专家基本信息录入平台"):
 * a project names its lead and at least one expert or trainer, and every person named
 * (lead, project experts, course trainers) is in the expert database.
 */
export async function checkExpertDatabase(em: EntityManager, project: Pick<Project, 'id' | 'leadExpertId'>): Promise<Violation[]> {
  const out: Violation[] = [];
  const named = await em.getRepository(ProjectExpert).find({ where: { projectId: project.id } });
  const courses = await em.getRepository(CurriculumItem).find({ where: { projectId: project.id }, select: { id: true, trainerExpertId: true } });
  const team = new Set<number>([
    ...named.filter((n) => TEAM_ROLES.includes(n.role)).map((n) => Number(n.expertId)),
    ...courses.map((c) => c.trainerExpertId).filter((id): id is number => id !== null && id !== undefined).map(Number),
  ]);
  const everyone = new Set<number>([...team, ...named.map((n) => Number(n.expertId))]);
  if (project.leadExpertId !== null && project.leadExpertId !== undefined) everyone.add(Number(project.leadExpertId));
  const known = everyone.size
    ? new Set((await em.getRepository(Expert).find({ where: { id: In([...everyone]) }, select: { id: true } })).map((e) => Number(e.id)))
    : new Set<number>();

  if (project.leadExpertId === null || project.leadExpertId === undefined) {
    out.push({
      rule: 'C-16',
      messageZh: '须指定项目负责人（须为专家库中的专家）（实际 未指定）',
      messageEn: 'a project lead from the expert database must be named (none named)',
      limit: 1, actual: 0, field: 'leadExpertId',
    });
  } else if (!known.has(Number(project.leadExpertId))) {
    out.push({
      rule: 'C-16',
      messageZh: `项目负责人须在专家库中（负责人 ${project.leadExpertId} 不在专家库中）`,
      messageEn: `the project lead must be in the expert database (expert ${project.leadExpertId} is not)`,
      limit: 'expert database', actual: String(project.leadExpertId), field: 'leadExpertId',
    });
  }
  if (team.size === 0) {
    out.push({
      rule: 'C-16',
      messageZh: '须至少列明一名授课专家或培训者（实际 0 名）',
      messageEn: 'at least 1 expert or trainer must be named (0 named)',
      limit: 1, actual: 0, field: 'experts',
    });
  }
  const unknown = [...everyone].filter((id) => id !== Number(project.leadExpertId) && !known.has(id)).sort((a, b) => a - b);
  if (unknown.length) {
    out.push({
      rule: 'C-16',
      messageZh: `项目中列明的专家须录入专家库（不在专家库中：${unknown.join('、')}）`,
      messageEn: `experts named in the project must be in the expert database (not in it: ${unknown.join(', ')})`,
      limit: 'expert database', actual: unknown.join(','), field: 'experts',
    });
  }
  return out;
}
