import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ActionStatus, QualificationStatus } from './enums.js';

/**
 * A proposed change to a qualification raised by a rule (C-11 suspension, C-12
 * loss); the bureau approves or rejects it, and only approval changes the qualification.
 */
@ObjectType()
@Entity('qualification_action')
@Index('idx_qualification_action_status', ['status', 'institutionId'])
export class QualificationAction {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  qualificationId!: number;

  /** The institution's region: the bureau governing it decides. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => QualificationStatus)
  @Column({ type: 'varchar', length: 16 })
  proposedStatus!: QualificationStatus;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  rule!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /**
   * C-11: the subject whose qualification is suspended. When the qualification covers every
   * subject ('*'), approval adds a suspended row for this subject instead of suspending all.
   */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  subject!: string | null;

  @Field(() => ActionStatus)
  @Column({ type: 'varchar', length: 16, default: ActionStatus.proposed })
  status!: ActionStatus;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  proposedAt!: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  /** The bureau's reason for approving or rejecting. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionReason!: string | null;
}
