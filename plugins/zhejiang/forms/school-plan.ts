// ZJ-1: the school's planning of a teacher's training of 90 credits or more (学校统筹规划).
import { Project } from '../../../core/entities/index.js';
import { badInput } from '../../../core/graphql/errors.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import { ZjSchoolPlan } from '../entities/school-plan.js';
import type { ZhejiangOptions } from '../options.js';
import { zhejiangTeacher } from './teacher.js';

export const schoolPlanForm = (options: ZhejiangOptions): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.schoolPlan',
  titleZh: `${options.selection.planCredits}学分及以上培训学校规划`,
  titleEn: `School plan for a ${options.selection.planCredits}-credit training`,
  roles: ['school'],
  schema: {
    type: 'object',
    title: `教师${options.selection.planCredits}学分及以上培训统筹规划（ZJ-1）`,
    required: ['teacherId'],
    additionalProperties: false,
    properties: {
      teacherId: { type: 'integer', title: '教师', minimum: 1 },
      projectId: { type: 'integer', title: '规划参加的培训项目（不填为任一项目）', minimum: 1 },
      note: { type: 'string', title: '指导意见', maxLength: 500 },
    },
  },
  uiSchema: { note: { 'ui:widget': 'textarea' } },
  async submit(data: { teacherId: number; projectId?: number; note?: string }, { em, actor }) {
    const teacher = await zhejiangTeacher(em, actor, data.teacherId);
    if (data.projectId && !(await em.getRepository(Project).findOneBy({ id: data.projectId })))
      throw badInput(`培训项目 ${data.projectId} 不存在`, `Project ${data.projectId} not found`, 'projectId');
    const repo = em.getRepository(ZjSchoolPlan);
    const saved = await repo.save(repo.create({
      teacherId: teacher.id, schoolId: teacher.schoolId, regionId: teacher.regionId, projectId: data.projectId ?? null,
      note: data.note ?? null, createdBy: actor.id, createdAt: new Date(),
    }));
    return { id: saved.id, messageZh: `已记录 ${teacher.name} 的培训规划`, messageEn: `Plan recorded for teacher ${teacher.id}` };
  },
});
