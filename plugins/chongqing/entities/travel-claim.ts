import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../../../core/db/columns.js';

/**
 * BB-9: travel costs (差旅费) during a backbone training, split between the district bureau
 * and the teacher's school (50% / 50% by default); the shares are recorded with the claim.
 */
@ObjectType('CqTravelClaim', { description: '重庆：骨干教师培训期间差旅费（区县教育行政部门与任职学校各承担50%）' })
@Entity('chongqing_travel_claim')
@Index('idx_cq_travel_training', ['trainingId'])
@Index('idx_cq_travel_region', ['regionId', 'date'])
@Index('idx_cq_travel_school', ['schoolId', 'date'])
export class CqTravelClaim {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  trainingId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  designationId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => String)
  @Column({ type: 'date' })
  date!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  description!: string;

  @Field(() => Float)
  @Column(decimalColumn(10, 2))
  amount!: number;

  /** Paid by the district bureau (区县教育行政部门). */
  @Field(() => Float)
  @Column(decimalColumn(10, 2))
  districtShare!: number;

  /** Paid by the school (任职学校). */
  @Field(() => Float)
  @Column(decimalColumn(10, 2))
  schoolShare!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}
