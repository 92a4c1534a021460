import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One version of a teacher record: who changed what, when (C-14 archive). */
@ObjectType()
@Entity('teacher_change')
@Index('uq_teacher_change_version', ['teacherId', 'version'], { unique: true })
export class TeacherChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  version!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  at!: Date;

  /** JSON of the changed fields before (null on creation). */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Field(() => String)
  @Column({ type: 'text' })
  after!: string;
}
