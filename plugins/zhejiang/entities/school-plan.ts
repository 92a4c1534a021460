import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * ZJ-1 (003 §二(一) "尤其要加强教师90学分及以上培训的统筹规划和指导"): the school's planning
 * of a teacher's 90-credit training. A teacher may select a training of 90 credits or more
 * only with such a plan: for that project, or (projectId null) for any such training.
 * A school's nomination is itself the school's planning and needs no row.
 */
@ObjectType('ZjSchoolPlan', { description: '浙江：学校对教师90学分及以上培训的统筹规划（ZJ-1）' })
@Entity('zhejiang_school_plan')
@Index('idx_zhejiang_school_plan_teacher', ['teacherId', 'projectId'])
export class ZjSchoolPlan {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  /** The teacher's school and region, copied for scope. */
  @Field(() => ID)
  @Index('idx_zhejiang_school_plan_school')
  @Column({ type: 'int' })
  schoolId!: number;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  /** The planned project; null: any training of 90 credits or more. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  projectId!: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
