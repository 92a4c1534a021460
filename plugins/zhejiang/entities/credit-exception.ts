import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * ZJ-17: the school's prior approval for a teacher to train at an institution without a
 * qualification (无资质机构). Credits of such training count only when registered with an
 * exception approved on or before the training's start date (zhejiang.externalCredit form).
 */
@ObjectType('ZjCreditException', { description: '浙江：教师到无资质机构参训的学校事先审批（ZJ-17）' })
@Entity('zhejiang_credit_exception')
@Index('idx_zhejiang_credit_exception_teacher', ['teacherId', 'startDate'])
export class ZjCreditException {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Index('idx_zhejiang_credit_exception_school')
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 128 })
  institutionName!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  trainingName!: string;

  @Field(() => String) @Column({ type: 'date' }) startDate!: string;
  @Field(() => String) @Column({ type: 'date' }) endDate!: string;

  /** The day the school approved (must not be after startDate). */
  @Field(() => String) @Column({ type: 'date' }) approvedOn!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  approvedBy!: string;

  /** The credit record registered under this exception, once there is one. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  creditRecordId!: number | null;
}
