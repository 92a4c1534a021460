import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Decision, ReviewStep } from './enums.js';

/** One C-3 review step of a selection: who, when, decision, reason. */
@ObjectType()
@Entity('enrollment_review')
@Index('uq_enrollment_review_step', ['enrollmentId', 'step'], { unique: true })
export class EnrollmentReview {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  enrollmentId!: number;

  @Field(() => ReviewStep)
  @Column({ type: 'varchar', length: 16 })
  step!: ReviewStep;

  @Field(() => Decision)
  @Column({ type: 'varchar', length: 16 })
  decision!: Decision;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  reviewer!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  at!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;
}
