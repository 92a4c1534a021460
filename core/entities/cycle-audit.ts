import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool, decimalColumn } from '../db/columns.js';

/** The result of a teacher's cycle audit (C-13): totals and what is still missing. */
@ObjectType()
@Entity('cycle_audit')
@Index('idx_cycle_audit_teacher', ['teacherId', 'cycleId'])
export class CycleAudit {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  cycleId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => Float)
  @Column(decimalColumn(8, 1))
  totalCredits!: number;

  @Field(() => Boolean)
  @Column({ type: 'boolean', transformer: bool })
  passed!: boolean;

  /**
   * The findings, as the JSON list of their AuditFinding ids, in the plugins' order; the GraphQL
   * field `findings` gives them as text (core/workflow/cycle-audit-findings.ts).
   */
  @Column({ type: 'text' })
  findingIds!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  ranBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  ranAt!: Date;
}
