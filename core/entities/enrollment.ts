import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool } from '../db/columns.js';
import { EnrollmentStatus, ReviewStep } from './enums.js';

/** A teacher's selection of a class (选课) and where it stands in the C-3 review. */
@ObjectType()
@Entity('enrollment')
@Index('uq_enrollment_teacher_class', ['teacherId', 'classId'], { unique: true })
@Index('idx_enrollment_class_status', ['classId', 'status'])
@Index('idx_enrollment_school_status', ['schoolId', 'status'])
export class Enrollment {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  classId!: number;

  /** The teacher's school and region, copied for scope filters. */
  @Field(() => ID)
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  round!: number;

  /** The project's revision when selected; a later approved change (C-15) opens withdrawal. */
  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  projectRevision!: number;

  /** Nominated by the school rather than self-selected. */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  nominated!: boolean;

  @Field(() => EnrollmentStatus)
  @Column({ type: 'varchar', length: 16, default: EnrollmentStatus.pending })
  status!: EnrollmentStatus;

  /** The review step waiting for a decision (null once decided or withdrawn). */
  @Field(() => ReviewStep, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  pendingStep!: ReviewStep | null;

  /** Comma-separated steps this selection goes through, fixed at selection time. */
  @Field(() => [ReviewStep])
  @Column({ type: 'simple-array' })
  steps!: ReviewStep[];

  @Field(() => Date)
  @Column({ type: 'datetime' })
  selectedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  withdrawReason!: string | null;
}
