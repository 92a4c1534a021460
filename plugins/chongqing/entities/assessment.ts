import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * BB-5 annual assessment (重庆市国家级、市级骨干教师年度考核登记表) of one designated backbone
 * teacher for one year: submitted through the form → school → district (报送 by the deadline)
 * → municipal expert committee; `result` pass | fail once decided.
 *   status: submitted | school_passed | district_passed | passed | failed
 */
@ObjectType('CqBackboneAssessment', { description: '重庆：骨干教师年度考核登记表（学校→区县→市专家指导委员会）' })
@Entity('chongqing_backbone_assessment')
@Index('uq_cq_assessment_year', ['designationId', 'year'], { unique: true })
@Index('idx_cq_assessment_region', ['regionId', 'year'])
@Index('idx_cq_assessment_school', ['schoolId', 'year'])
@Index('idx_cq_assessment_teacher', ['teacherId', 'year'])
export class CqBackboneAssessment {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  designationId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  year!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** pass | fail, set by the deciding level (a fail at school or district ends it). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  result!: string | null;

  /** The form's data (BB-4 duties), JSON. */
  @Field(() => String)
  @Column({ type: 'text' })
  data!: string;

  /** BB-4 duties below their minimum, JSON list of { duty, messageZh, messageEn, limit, actual }. */
  @Field(() => String)
  @Column({ type: 'text' })
  dutyFindings!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  submittedBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  submittedAt!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  schoolBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  schoolAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  schoolComment!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  districtBy!: string | null;

  /** When the district passed it on to the municipal committee (报送), by the deadline. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  districtAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  districtComment!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  municipalBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  municipalAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  municipalComment!: string | null;

  /** BB-8: the annual_complete credit record a pass registered. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  creditRecordId!: number | null;
}
