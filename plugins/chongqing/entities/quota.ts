import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * BB-2 quotas (名额) of backbone-teacher recommendations for a year and level: the municipal
 * bureau allocates each district's quota (schoolId null), a district bureau its schools'.
 */
@ObjectType('CqBackboneQuota', { description: '重庆：骨干教师推荐名额（区县名额 schoolId 为空；学校名额）' })
@Entity('chongqing_backbone_quota')
@Index('uq_cq_quota_key', ['quotaKey'], { unique: true })
@Index('idx_cq_quota_region', ['regionId', 'year'])
export class CqBackboneQuota {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  year!: number;

  /** national | municipal */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  level!: string;

  /** The district (区县) the quota belongs to; a school quota copies its school's district. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  /** The school, for a school quota; null for the district's quota. */
  @Field(() => ID, { nullable: true })
  @Index('idx_cq_quota_school')
  @Column({ type: 'int', nullable: true })
  schoolId!: number | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  quota!: number;

  /** year:level:region:school (or '-'), unique: one quota per holder. */
  @Column({ type: 'varchar', length: 40 })
  quotaKey!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}
