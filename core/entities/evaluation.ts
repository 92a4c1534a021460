import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A trainee's satisfaction with a class (C-10), one per enrollment. */
@ObjectType()
@Entity('evaluation')
@Index('idx_evaluation_institution_subject', ['institutionId', 'subject'])
export class Evaluation {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Index('uq_evaluation_enrollment', { unique: true })
  @Column({ type: 'int' })
  enrollmentId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  classId!: number;

  /** Copied from the class's project so C-10/C-11 aggregate without joins. */
  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  subject!: string;

  /** 0..100 */
  @Field(() => Int)
  @Column({ type: 'int' })
  satisfaction!: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  at!: Date;
}
