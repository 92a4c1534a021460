import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * BB-2 designation pipeline of a national or municipal backbone teacher (骨干教师):
 *   recommended (school, within the school's quota)
 *   → district_approved (district preliminary review, within the district's quota)
 *   → trainee (municipal expert review: 培训对象)
 *   → trained (one-year training passed, BB-3)
 *   → designated (approval; designatedFrom..designatedUntil, a five-year cycle, BB-5)
 *   rejected at any step (rejectedStep, rejectReason); designated → revoked (BB-6, with a reason).
 */
@ObjectType('CqBackboneDesignation', { description: '重庆：国家级、市级骨干教师认定（推荐→区县初审→市级评审→培训→考核→审批）' })
@Entity('chongqing_backbone_designation')
@Index('idx_cq_designation_teacher', ['teacherId', 'status'])
@Index('idx_cq_designation_region', ['regionId', 'year', 'level'])
@Index('idx_cq_designation_school', ['schoolId', 'year', 'level'])
export class CqBackboneDesignation {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  /** The teacher's school (the stipend's payer, BB-7) and district, copied for scope. */
  @Field(() => ID)
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  /** BB-1: national | municipal */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  level!: string;

  /** The year of the recommendation (whose quotas it uses). */
  @Field(() => Int)
  @Column({ type: 'int' })
  year!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  subject!: string;

  /** recommended | district_approved | trainee | trained | designated | rejected | revoked */
  @Field(() => String)
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  recommendedBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  recommendedAt!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  recommendReason!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  districtBy!: string | null;

  /** Set when the district approved: the district quota counts these. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  districtApprovedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  expertBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  expertApprovedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  approvedBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  approvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  designatedFrom!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  designatedUntil!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  rejectedStep!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectReason!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  revokedBy!: string | null;

  /** The day the designation ends by revocation (China date). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  revokedOn!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  revokeReason!: string | null;

  /** BB-6: the designation whose five consecutive passes made this one (next cycle). */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  previousDesignationId!: number | null;
}
