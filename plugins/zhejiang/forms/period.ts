// ZJ-9: the period configuration form (半年度培训周期设置): a bureau sets the windows of a
// half-year period for its region; saving again under the same code changes it.
import { inRegion } from '../../../core/db/region-scope.js';
import { Region } from '../../../core/entities/index.js';
import { badInput, forbidden } from '../../../core/graphql/errors.js';
import type { FormDefinition } from '../../../core/plugin-host/types.js';
import { ZjPeriod } from '../entities/period.js';
import type { ZhejiangOptions } from '../options.js';
import { ZJ_REGION } from '../util.js';

const date = (title: string) => ({ type: 'string', format: 'date', title });

export const PERIOD_FIELDS = [
  ['declareFrom', '申报开始'], ['declareTo', '申报截止'], ['reviewFrom', '审核开始'], ['reviewTo', '审核截止'], ['publishOn', '发布日期'],
  ['teacherDataFrom', '教师数据更新开始'], ['teacherDataTo', '教师数据更新截止'], ['round1From', '第一轮选课开始'], ['round1To', '第一轮选课截止'],
  ['round2From', '第二轮选课开始'], ['round2To', '第二轮选课截止'], ['runFrom', '培训举办开始'], ['runTo', '培训举办结束'],
] as const;
type DateField = (typeof PERIOD_FIELDS)[number][0];

export interface PeriodData extends Record<DateField, string> {
  code: string;
  name: string;
  regionId?: string;
}

/** Order the windows must keep: [earlier, later, strictly]. */
const ORDER: [DateField, DateField, boolean][] = [
  ['declareFrom', 'declareTo', false], ['declareTo', 'reviewFrom', true], ['reviewFrom', 'reviewTo', false], ['reviewTo', 'publishOn', false],
  ['teacherDataFrom', 'teacherDataTo', false], ['publishOn', 'round1From', false], ['round1From', 'round1To', false],
  ['round1To', 'round2From', true], ['round2From', 'round2To', false], ['runFrom', 'runTo', false],
];

export const periodForm = (): FormDefinition<ZhejiangOptions> => ({
  id: 'zhejiang.period',
  titleZh: '半年度培训周期设置',
  titleEn: 'Half-year period',
  roles: ['bureau'],
  schema: {
    type: 'object',
    title: '半年度培训周期设置（ZJ-9）',
    required: ['code', 'name', ...PERIOD_FIELDS.map(([k]) => k)],
    additionalProperties: false,
    properties: {
      code: { type: 'string', title: '周期代码', pattern: '^\\d{4}H[12]$', description: '如 2020H1' },
      name: { type: 'string', title: '周期名称', minLength: 2, maxLength: 64 },
      regionId: { type: 'string', title: '行政区划（平台管理员填写；教育局为本辖区）', pattern: '^33\\d{4}$' },
      ...Object.fromEntries(PERIOD_FIELDS.map(([k, t]) => [k, date(t)])),
    },
  },
  uiSchema: {
    'ui:order': ['code', 'name', 'regionId', ...PERIOD_FIELDS.map(([k]) => k)],
    ...Object.fromEntries(PERIOD_FIELDS.map(([k]) => [k, { 'ui:widget': 'date' }])),
  },
  async submit(data: PeriodData, { em, actor }) {
    const regionId = actor.role === 'platform' ? (data.regionId ?? ZJ_REGION) : actor.regionId;
    if (!regionId) throw forbidden();
    if (actor.role !== 'platform' && data.regionId && data.regionId !== regionId)
      throw forbidden('只能设置本辖区的培训周期', 'A bureau sets the periods of its own region only');
    if (!inRegion(regionId, ZJ_REGION) || !(await em.getRepository(Region).findOneBy({ id: regionId })))
      throw badInput(`行政区划 ${regionId} 不在浙江省内`, `Region ${regionId} is not in Zhejiang`, 'regionId');
    for (const [a, b, strict] of ORDER) {
      if (strict ? data[a] < data[b] : data[a] <= data[b]) continue;
      const label = (k: DateField) => PERIOD_FIELDS.find(([f]) => f === k)![1];
      throw badInput(`「${label(b)}」须${strict ? '晚于' : '不早于'}「${label(a)}」（实际 ${data[b]} ${strict ? '≤' : '<'} ${data[a]}）`,
        `${b} must be ${strict ? 'after' : 'on or after'} ${a} (${data[b]} ${strict ? '≤' : '<'} ${data[a]})`, b);
    }
    const repo = em.getRepository(ZjPeriod);
    const existing = await repo.findOneBy({ regionId, code: data.code });
    const values = { ...Object.fromEntries(PERIOD_FIELDS.map(([k]) => [k, data[k]])), name: data.name, updatedBy: actor.id } as Partial<ZjPeriod>;
    const saved = await repo.save(existing ? Object.assign(existing, values) : repo.create({ ...values, regionId, code: data.code }));
    return { id: saved.id, messageZh: `已保存培训周期 ${saved.name}`, messageEn: `Period ${saved.code} saved` };
  },
});
