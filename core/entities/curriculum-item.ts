import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';
import { CourseKind } from './enums.js';

/** One course of a project's curriculum. */
@ObjectType()
@Entity('curriculum_item')
@Index('idx_curriculum_item_project', ['projectId', 'seq'])
export class CurriculumItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  seq!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  hours!: number;

  @Field(() => CourseKind)
  @Column({ type: 'varchar', length: 16 })
  kind!: CourseKind;

  /** Topic tags (e.g. 师德教育); region rules check required topics against them. */
  @Field(() => [String])
  @Column({ type: 'simple-array', nullable: true })
  tags!: string[];

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  trainerExpertId!: number | null;
}
