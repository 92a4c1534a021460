// ZJ-5: the bureau's approval of hybrid delivery for a provincial 90-credit training
// ("确有优秀资源支撑、培训管理到位、模式新颖、效果良好的"), before the project is submitted.
import { inRegion } from '../../../core/db/region-scope.js';
import { ProjectStatus } from '../../../core/entities/enums.js';
import { Project } from '../../../core/entities/index.js';
import { AppError, forbidden, notFound } from '../../../core/graphql/errors.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { reviewingRegion } from '../rules/review.js';
import { inZhejiang } from '../util.js';

export const hybridApprovalForm = (): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.hybridApproval',
  titleZh: '混合式培训审批',
  titleEn: 'Hybrid delivery approval',
  roles: ['bureau'],
  schema: {
    type: 'object',
    title: '省级90学分培训采用混合式培训审批（ZJ-5）',
    required: ['projectId', 'approve', 'reason'],
    additionalProperties: false,
    properties: {
      projectId: { type: 'integer', title: '培训项目', minimum: 1 },
      approve: { type: 'boolean', title: '批准采用混合式培训' },
      reason: { type: 'string', title: '理由', minLength: 2, maxLength: 500 },
    },
  },
  uiSchema: { reason: { 'ui:widget': 'textarea' } },
  async submit(data: { projectId: number; approve: boolean; reason: string }, { em, actor }) {
    // Drafts are invisible to bureaus in lists; the reviewing bureau (ZJ-18) may still decide this one by id.
    const project = await em.getRepository(Project).findOneBy({ id: data.projectId });
    if (!project || !inZhejiang(project.regionId) || (actor.role === 'bureau' && !inRegion(project.regionId, actor.regionId ?? '-')))
      throw notFound('培训项目', data.projectId);
    if (actor.role === 'bureau' && actor.regionId !== reviewingRegion(project))
      throw forbidden(`该项目由 ${reviewingRegion(project)} 教育行政部门审核（ZJ-18）`, `Projects serving ${reviewingRegion(project)} are decided by that region's bureau (ZJ-18)`);
    const open = [ProjectStatus.draft, ProjectStatus.rejected, ProjectStatus.submitted];
    if (!open.includes(project.status))
      throw new AppError('CONFLICT', '项目审核后不能再改变培训方式审批', 'Cannot change the hybrid approval after the review', { status: project.status });
    project.hybridApproved = data.approve;
    await em.getRepository(Project).save(project);
    return { id: project.id, messageZh: data.approve ? '已批准采用混合式培训' : '未批准混合式培训', messageEn: data.approve ? 'Hybrid delivery approved' : 'Hybrid delivery not approved' };
  },
});
