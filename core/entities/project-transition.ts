import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ProjectStatus } from './enums.js';

/** Every status change of a project: who, when, why. */
@ObjectType()
@Entity('project_transition')
@Index('idx_project_transition_project', ['projectId'])
export class ProjectTransition {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  @Field(() => ProjectStatus)
  @Column({ type: 'varchar', length: 16 })
  fromStatus!: ProjectStatus;

  @Field(() => ProjectStatus)
  @Column({ type: 'varchar', length: 16 })
  toStatus!: ProjectStatus;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  at!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;
}
