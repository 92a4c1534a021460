import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * ZJ-9: a half-year period (e.g. 2020年上半年) and its windows, as 浙教办函〔2019〕357号 §五
 * sets them: declaration 12-26—01-07, bureau review 01-08—01-17, publication 01-20,
 * teacher data 12-26—01-15, selection round 1 02-06—02-14, round 2 02-26—03-01, run 03-09—08-31.
 * Every date is a Beijing date (YYYY-MM-DD), both ends included.
 *
 * A project belongs to the period whose run window contains its start date, among the
 * periods whose region covers the project's reach (the innermost region wins).
 */
@ObjectType('ZjPeriod', { description: '浙江：半年度培训周期（项目申报、审核、发布、教师数据更新、两轮选课、培训实施的时间窗口）' })
@Entity('zhejiang_period')
@Index('uq_zhejiang_period_region_code', ['regionId', 'code'], { unique: true })
@Index('idx_zhejiang_period_run', ['runFrom', 'runTo'])
export class ZjPeriod {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** The region whose projects follow it (330000 for the province's own timeline). */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  /** e.g. 2020H1 */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Field(() => String) @Column({ type: 'date' }) declareFrom!: string;
  @Field(() => String) @Column({ type: 'date' }) declareTo!: string;
  @Field(() => String) @Column({ type: 'date' }) reviewFrom!: string;
  @Field(() => String) @Column({ type: 'date' }) reviewTo!: string;
  @Field(() => String) @Column({ type: 'date' }) publishOn!: string;
  @Field(() => String) @Column({ type: 'date' }) teacherDataFrom!: string;
  @Field(() => String) @Column({ type: 'date' }) teacherDataTo!: string;
  @Field(() => String) @Column({ type: 'date' }) round1From!: string;
  @Field(() => String) @Column({ type: 'date' }) round1To!: string;
  @Field(() => String) @Column({ type: 'date' }) round2From!: string;
  @Field(() => String) @Column({ type: 'date' }) round2To!: string;
  @Field(() => String) @Column({ type: 'date' }) runFrom!: string;
  @Field(() => String) @Column({ type: 'date' }) runTo!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;
}
