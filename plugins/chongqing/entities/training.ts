import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../../../core/db/columns.js';

/**
 * BB-3: the one-year training of a backbone trainee at a training base: centralized months,
 * teaching-practice months, and two mentors (双导师制: the base's and the practice mentor).
 */
@ObjectType('CqBackboneTraining', { description: '重庆：骨干教师培训对象的一年培训（集中培训、教学实践、双导师）' })
@Entity('chongqing_backbone_training')
@Index('uq_cq_training_designation', ['designationId'], { unique: true })
@Index('idx_cq_training_base', ['baseInstitutionId'])
@Index('idx_cq_training_region', ['regionId'])
export class CqBackboneTraining {
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

  /** The training base (培训基地) running it. */
  @Field(() => ID)
  @Column({ type: 'int' })
  baseInstitutionId!: number;

  @Field(() => String)
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => Float)
  @Column(decimalColumn(4, 1))
  centralizedMonths!: number;

  @Field(() => Float)
  @Column(decimalColumn(4, 1))
  practiceMonths!: number;

  /** The training base's mentor (指导教师). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  mentorBase!: string | null;

  /** The teaching-practice mentor. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  mentorPractice!: string | null;

  /** pass | fail, once assessed. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  result!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  resultBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  resultAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  resultReason!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}
