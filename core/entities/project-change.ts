import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ProjectChangeStatus { pending = 'pending', approved = 'approved', rejected = 'rejected' }
registerEnumType(ProjectChangeStatus, { name: 'ProjectChangeStatus' });

/**
 * C-15: a change to a published project, requested by the declaring institution and
 * decided by the governing bureau. On approval the change is applied and the project's
 * revision bumped, which lets teachers enrolled under an older revision withdraw.
 */
@ObjectType()
@Entity('project_change')
@Index('idx_project_change_project', ['projectId', 'status'])
export class ProjectChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  /** Copied from the project for scope filters. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  @Field(() => ProjectChangeStatus)
  @Column({ type: 'varchar', length: 16, default: ProjectChangeStatus.pending })
  status!: ProjectChangeStatus;

  /** The requested changes as JSON (only the fields being changed). */
  @Field(() => String)
  @Column({ type: 'text' })
  changes!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  requestedBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  requestedAt!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionReason!: string | null;

  /** The plan before and after the approved change, as JSON. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  after!: string | null;

  /** The project revision the approval produced. */
  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  revision!: number | null;
}
