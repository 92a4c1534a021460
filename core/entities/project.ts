import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool, decimalColumn } from '../db/columns.js';
import { ProjectLevel, ProjectStatus, Stage, TrainingMode } from './enums.js';

/** A training offer declared by an institution (培训项目). */
@ObjectType()
@Entity('project')
@Index('idx_project_region_status', ['regionId', 'status'])
@Index('idx_project_institution_status', ['institutionId', 'status'])
export class Project {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  /** The region the project serves (its reach); plugins decide by this which rules apply. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => ProjectLevel)
  @Column({ type: 'varchar', length: 16 })
  level!: ProjectLevel;

  /** 类别, e.g. 骨干教师, 新教师, 班主任, 校长, 学科; plugins give some categories meaning. */
  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  subject!: string;

  @Field(() => Stage)
  @Column({ type: 'varchar', length: 16 })
  stage!: Stage;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  hours!: number;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  credits!: number;

  @Field(() => TrainingMode)
  @Column({ type: 'varchar', length: 16, default: TrainingMode.offline })
  mode!: TrainingMode;

  @Field(() => Float)
  @Column({ ...decimalColumn(7, 1), default: 0 })
  onlineCredits!: number;

  /** Hybrid delivery explicitly approved by the bureau (ZJ-5). */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  hybridApproved!: boolean;

  /** C-9: a final assessment (结业考核) is planned. */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  finalAssessment!: boolean;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  leadExpertId!: number | null;

  /** Total fee charged per trainee (ZJ-7 itemises it in FeeItem). */
  @Field(() => Float)
  @Column({ ...decimalColumn(12, 2), default: 0 })
  totalFee!: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  startDate!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => ProjectStatus)
  @Column({ type: 'varchar', length: 16, default: ProjectStatus.draft })
  status!: ProjectStatus;

  /** Bumped by every change after publication (C-15). */
  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  revision!: number;
}
