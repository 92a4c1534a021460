// ZJ-8 (003 §四 "面向全省的培训项目申报，浙江师范大学、杭州师范大学限报80项，其他高校和面向全省开展
// 教师培训的培训机构限报50项，承担远程培训的机构限报35项。认定资质不满一年的培训机构限报8项。
// 各地项目数上限由各地根据实际情况设定"), checked at 'project.submit'.
import { In, Not } from 'typeorm';
import { inRegion, regionPrefix } from '../../../core/db/region-scope.js';
import { ProjectLevel } from '../../../core/entities/enums.js';
import { Institution, Project, Qualification } from '../../../core/entities/index.js';
import type { RuleCheck } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { chinaDay, DECLARED, isProvinceWide, violation } from '../util.js';
import { halfYear, projectPeriod } from './period.js';

/** The quota of province-wide projects an institution has per half-year, and why. */
export async function provinceQuota(em: import('typeorm').EntityManager, inst: Institution, options: ZhejiangOptions, today: string) {
  const q = options.quota;
  const first = await em.getRepository(Qualification).findOne({ where: { institutionId: inst.id }, order: { validFrom: 'ASC' } });
  const cutoff = new Date(`${today}T00:00:00Z`);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - q.newMonths);
  if (!first || first.validFrom > cutoff.toISOString().slice(0, 10))
    return { limit: q.newlyQualified, zh: `认定资质不满${q.newMonths}个月的机构`, en: `institutions qualified less than ${q.newMonths} months` };
  if (inst.name in q.named) return { limit: q.named[inst.name]!, zh: inst.name, en: inst.name };
  if (q.distanceInstitutions.includes(inst.name)) return { limit: q.distance, zh: '承担远程培训的机构', en: 'distance-training institutions' };
  return { limit: q.other, zh: '其他高校和面向全省的培训机构', en: 'other universities and province-wide institutions' };
}

/**
 * ZJ-8: province-wide projects (reach 330000) per institution per half-year (the period, or
 * the calendar half-year without one) within the institution's quota; other projects
 * (school-based ones excepted) within the innermost local cap of `quota.localCaps` that
 * covers their reach. Counts the institution's declared projects plus this one.
 */
export const projectQuota: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p || !p.startDate || p.level === ProjectLevel.school) return [];
  const inst = await em.getRepository(Institution).findOneBy({ id: p.institutionId });
  if (!inst) return [];
  const period = await projectPeriod(em, p);
  const span = period ? { from: period.runFrom, to: period.runTo, label: period.name } : { ...halfYear(p.startDate), label: '' };
  span.label ||= `${span.from}—${span.to}`;

  let limit: number;
  let whoZh: string;
  let whoEn: string;
  let sameKind: (o: Project) => boolean;
  if (isProvinceWide(p)) {
    const quota = await provinceQuota(em, inst, options, chinaDay());
    ({ limit, zh: whoZh, en: whoEn } = quota);
    sameKind = isProvinceWide;
  } else {
    const caps = Object.entries(options.quota.localCaps).filter(([code]) => inRegion(p.regionId, code));
    if (!caps.length) return [];
    caps.sort((a, b) => regionPrefix(b[0]).length - regionPrefix(a[0]).length);
    const [code, cap] = caps[0]!;
    limit = cap;
    whoZh = `${code} 地方上限`;
    whoEn = `local cap of ${code}`;
    sameKind = (o) => !isProvinceWide(o) && o.level !== ProjectLevel.school && inRegion(o.regionId, code);
  }
  const others = await em.getRepository(Project).find({
    where: { institutionId: p.institutionId, status: In(DECLARED), id: Not(p.id) },
    select: { id: true, regionId: true, level: true, startDate: true },
  });
  const count = others.filter((o) => o.startDate && o.startDate >= span.from && o.startDate <= span.to && sameKind(o)).length + 1;
  if (count <= limit) return [];
  const scopeZh = isProvinceWide(p) ? '面向全省的培训项目' : '本地培训项目';
  return [violation('ZJ-8', `${span.label}${scopeZh}限报${limit}项（${whoZh}；实际 ${count} > ${limit}）`,
    `${isProvinceWide(p) ? 'province-wide' : 'local'} projects per institution in ${span.label}: ${count} > ${limit} (${whoEn})`,
    limit, count, 'regionId')];
};
