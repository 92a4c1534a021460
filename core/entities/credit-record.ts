import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';
import { CreditSource } from './enums.js';

/**
 * A line in a teacher's credit ledger (C-2, C-14). Records are never edited: a
 * correction is a new record with `correctsId` and a signed delta.
 */
@ObjectType()
@Entity('credit_record')
// Covers a teacher's ledger in a cycle (every column the sums read, and the region the credit
// records' read scope filters on), so per-teacher totals, the console's cycle credits (a bureau's
// `regionId LIKE …` included) and the region-wide audit (core/workflow/cycle-audit-region.ts)
// read only this index, never the rows.
@Index('idx_credit_teacher_cycle', ['teacherId', 'cycleId', 'year', 'source', 'credits', 'hours', 'classId', 'correctsId', 'regionId'])
@Index('idx_credit_cycle_teacher', ['cycleId', 'teacherId'])
export class CreditRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  cycleId!: number;

  /** The teacher's region, copied for scope filters. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  year!: number;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  credits!: number;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  hours!: number;

  @Field(() => CreditSource)
  @Column({ type: 'varchar', length: 24 })
  source!: CreditSource;

  @Field(() => ID, { nullable: true })
  @Index('idx_credit_class')
  @Column({ type: 'int', nullable: true })
  classId!: number | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  enrollmentId!: number | null;

  /** External evidence: certificate number, institution name, approval. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  evidence!: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  correctsId!: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  /** C-6: 'class:<classId>:<teacherId>' for class grants; unique, so a second grant cannot land. */
  @Index('uq_credit_grant_key', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  grantKey!: string | null;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
