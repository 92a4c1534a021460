import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One role a user holds, bound to its scope (a region subtree, an institution, a teacher, an expert). */
@ObjectType()
@Entity('role_binding')
@Index('idx_role_binding_user', ['userId'])
export class RoleBinding {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  userId!: number;

  /** platform, bureau, school, institution, expert, teacher */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Field(() => ID, { nullable: true })
  @Index('idx_role_binding_region')
  @Column({ type: 'varchar', length: 6, nullable: true })
  regionId!: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  institutionId!: number | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  teacherId!: number | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  expertId!: number | null;
}
