import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';
import { Grade } from './enums.js';

/** A trainee's assessment (C-8); a make-up sitting is a further attempt. */
@ObjectType()
@Entity('assessment')
@Index('uq_assessment_attempt', ['enrollmentId', 'attempt'], { unique: true })
export class Assessment {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  enrollmentId!: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @Field(() => Grade)
  @Column({ type: 'varchar', length: 16 })
  grade!: Grade;

  @Field(() => Float, { nullable: true })
  @Column({ ...decimalColumn(5, 1), nullable: true })
  score!: number | null;

  /** Why the grade is what it is when a rule decided it (e.g. 'C-7'). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  note!: string | null;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  recordedBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  recordedAt!: Date;
}
