import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An expert or trainer named in a project (C-16). */
@ObjectType()
@Entity('project_expert')
@Index('uq_project_expert', ['projectId', 'expertId', 'role'], { unique: true })
export class ProjectExpert {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  @Field(() => ID)
  @Index('idx_project_expert_expert')
  @Column({ type: 'int' })
  expertId!: number;

  /** expert, trainer or mentor */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  role!: string;
}
