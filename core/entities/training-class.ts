import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ClassStatus } from './enums.js';

/** One run of a project (班期): dates, capacity, venue, schedule. */
@ObjectType('Class')
@Entity('training_class')
@Index('idx_class_project', ['projectId'])
@Index('idx_class_region_start', ['regionId', 'startDate'])
export class TrainingClass {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  /** Copied from the project so scope and plugin checks need no join. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String)
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => String)
  @Column({ type: 'date' })
  endDate!: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  capacity!: number;

  /** Seats taken; C-4 moves it only by a conditional UPDATE ... WHERE enrolled < capacity. */
  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  enrolled!: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  venue!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  schedulePublishedAt!: Date | null;

  @Field(() => ClassStatus)
  @Column({ type: 'varchar', length: 16, default: ClassStatus.planned })
  status!: ClassStatus;
}
