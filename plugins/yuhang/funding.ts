// YH-3 (002 §四(二)2): training funds ≥ 3 % of the district's staff payroll, ≥ 70 % of them
// allocated to the schools, and every school ≥ 10 % of its public funds. A metric: the
// bureau enters the year's figures with the yuhang.funding form; yhFundingMetrics shows
// each target met or not met.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../../core/db/columns.js';
import { inRegion } from '../../core/db/region-scope.js';
import { forbidden } from '../../core/graphql/errors.js';
import type { FormDefinition } from '../../core/plugin-host/types.js';
import type { YuhangOptions } from './options.js';

export const YUHANG = '330110';

@ObjectType('YhFunding', { description: '余杭：年度教师培训经费（YH-3）' })
@Entity('yuhang_funding')
@Index('uq_yuhang_funding_year', ['year'], { unique: true })
export class YhFunding {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Field(() => Int) @Column({ type: 'int' }) year!: number;
  @Field(() => ID) @Column({ type: 'varchar', length: 6 }) regionId!: string;
  /** 教职工工资总额 */
  @Field(() => Float) @Column(decimalColumn(14, 2)) payroll!: number;
  /** 教师培训专项资金 */
  @Field(() => Float) @Column(decimalColumn(14, 2)) trainingFunds!: number;
  /** 拨至学校的部分 */
  @Field(() => Float) @Column(decimalColumn(14, 2)) toSchools!: number;
  /** JSON: [{ schoolId, publicFunds, trainingFunds }] */
  @Field(() => String) @Column({ type: 'text' }) schools!: string;
  @Field(() => String) @Column({ type: 'varchar', length: 64 }) updatedBy!: string;
}

@ObjectType('YhMetric', { description: '余杭：一个指标，目标与实际，达标与否' })
export class YhMetric {
  @Field(() => String) rule!: string;
  @Field(() => String) key!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => Float) target!: number;
  @Field(() => Float, { nullable: true, description: 'null when there is nothing to measure yet' }) actual!: number | null;
  @Field(() => Boolean) met!: boolean;
  @Field(() => Int, { nullable: true }) count!: number | null;
}

export const metric = (m: Omit<YhMetric, 'met' | 'count'> & { count?: number | null }): YhMetric =>
  Object.assign(new YhMetric(), { count: null, ...m, met: m.actual !== null && m.actual >= m.target });

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);

interface SchoolFunds { schoolId: number; publicFunds: number; trainingFunds: number }

/** YH-3 metrics of a year's figures; school names from `names`. */
export function fundingMetrics(f: YhFunding, o: YuhangOptions, names: Map<number, string>): YhMetric[] {
  const schools = JSON.parse(f.schools) as SchoolFunds[];
  return [
    metric({ rule: 'YH-3', key: 'payroll', labelZh: '培训经费占教职工工资总额', labelEn: 'training funds / staff payroll', target: o.funding.payrollShare, actual: ratio(Number(f.trainingFunds), Number(f.payroll)) }),
    metric({ rule: 'YH-3', key: 'toSchools', labelZh: '拨至学校的比例', labelEn: 'share allocated to schools', target: o.funding.toSchoolsShare, actual: ratio(Number(f.toSchools), Number(f.trainingFunds)) }),
    ...schools.map((s) => metric({
      rule: 'YH-3', key: `school:${s.schoolId}`, labelZh: `${names.get(s.schoolId) ?? s.schoolId} 培训经费占公用经费`, labelEn: `school ${s.schoolId}: training / public funds`,
      target: o.funding.schoolPublicFundsShare, actual: ratio(s.trainingFunds, s.publicFunds),
    })),
  ];
}

const money = (title: string) => ({ type: 'number', title, minimum: 0, maximum: 1e12 });

export const fundingForm = (): FormDefinition<YuhangOptions> => ({
  id: 'yuhang.funding',
  titleZh: '余杭区年度教师培训经费',
  titleEn: 'Yuhang training funds of the year',
  roles: ['bureau'],
  schema: {
    type: 'object',
    title: '年度教师培训经费（YH-3）',
    required: ['year', 'payroll', 'trainingFunds', 'toSchools', 'schools'],
    additionalProperties: false,
    properties: {
      year: { type: 'integer', title: '年度', minimum: 2000, maximum: 2100 },
      payroll: money('全区教职工工资总额（元）'),
      trainingFunds: money('教师培训专项资金（元）'),
      toSchools: money('其中拨至学校（元）'),
      schools: {
        type: 'array', title: '各校经费', maxItems: 500,
        items: {
          type: 'object', required: ['schoolId', 'publicFunds', 'trainingFunds'], additionalProperties: false,
          properties: { schoolId: { type: 'integer', title: '学校', minimum: 1 }, publicFunds: money('年度日常公用经费（元）'), trainingFunds: money('提取的教师培训经费（元）') },
        },
      },
    },
  },
  async submit(data: { year: number; payroll: number; trainingFunds: number; toSchools: number; schools: SchoolFunds[] }, { em, actor }) {
    if (actor.role === 'bureau' && !inRegion(YUHANG, actor.regionId ?? '-')) throw forbidden('只有余杭区及上级教育行政部门可以填报', 'Only a bureau over Yuhang may enter these figures');
    const repo = em.getRepository(YhFunding);
    const row = (await repo.findOneBy({ year: data.year })) ?? repo.create({ year: data.year, regionId: YUHANG });
    Object.assign(row, { payroll: data.payroll, trainingFunds: data.trainingFunds, toSchools: data.toSchools, schools: JSON.stringify(data.schools), updatedBy: actor.id });
    const saved = await repo.save(row);
    return { id: saved.id, messageZh: `已保存 ${data.year} 年培训经费`, messageEn: `Funding for ${data.year} saved` };
  },
});
