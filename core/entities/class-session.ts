import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';

/** One scheduled session of a class, teaching (part of) one curriculum item. */
@ObjectType()
@Entity('class_session')
@Index('idx_class_session_class', ['classId', 'date'])
export class ClassSession {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  classId!: number;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  curriculumItemId!: number | null;

  @Field(() => String)
  @Column({ type: 'date' })
  date!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  hours!: number;
}
