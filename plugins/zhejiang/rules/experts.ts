// ZJ-12 (003 §六(一) "各培训机构在申报项目时，务必将方案中涉及的培训授课专家基本信息录入平台"),
// checked at 'project.submit'. The core's C-16 checks that the people named are in the expert
// database at all; ZJ-12 also wants their basic information complete.
import { In } from 'typeorm';
import { ProfessionalTitle } from '../../../core/entities/enums.js';
import { CurriculumItem, Expert, Project, ProjectExpert } from '../../../core/entities/index.js';
import type { RuleCheck } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { violation } from '../util.js';

const FIELD_ZH: Record<string, string> = { title: '职称', employerId: '工作单位', subject: '学科', birthDate: '出生日期', degree: '学历' };

const filled = (e: Expert, field: string) => {
  const v = (e as unknown as Record<string, unknown>)[field];
  if (field === 'title') return v !== null && v !== undefined && v !== ProfessionalTitle.none;
  return v !== null && v !== undefined && v !== '';
};

/** ZJ-12: every expert named (lead, project experts, course trainers) is in the expert database with the required fields. */
export const expertDatabase: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p) return [];
  const named = await em.getRepository(ProjectExpert).find({ where: { projectId: p.id }, select: { expertId: true } });
  const trainers = await em.getRepository(CurriculumItem).find({ where: { projectId: p.id }, select: { trainerExpertId: true } });
  const ids = new Set<number>([...named.map((n) => Number(n.expertId)), ...trainers.flatMap((t) => (t.trainerExpertId ? [Number(t.trainerExpertId)] : []))]);
  if (p.leadExpertId) ids.add(Number(p.leadExpertId));
  if (!ids.size) return [];
  const experts = await em.getRepository(Expert).find({ where: { id: In([...ids]) } });
  const byId = new Map(experts.map((e) => [Number(e.id), e]));
  const problems: { zh: string; en: string }[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const e = byId.get(id);
    if (!e) {
      problems.push({ zh: `${id}（未录入专家库）`, en: `${id} (not in the expert database)` });
      continue;
    }
    const missing = options.declaration.expertFields.filter((f) => !filled(e, f));
    if (missing.length) problems.push({ zh: `${e.name}（缺${missing.map((f) => FIELD_ZH[f] ?? f).join('、')}）`, en: `${e.name} (missing ${missing.join(', ')})` });
  }
  if (!problems.length) return [];
  return [violation('ZJ-12', `申报方案中的培训授课专家须录入专家库并填齐基本信息（实际 ${problems.map((x) => x.zh).join('；')}）`,
    `experts named in the declaration must be in the expert database with their basic information (${problems.map((x) => x.en).join('; ')})`,
    options.declaration.expertFields.join('|'), problems.length, 'experts')];
};
