import { Field, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { maskUnlessManager } from '../auth/masking.js';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool } from '../db/columns.js';
import { BackboneLevel, Gender, ProfessionalTitle, Stage } from './enums.js';

@ObjectType()
@Entity('teacher')
@Index('idx_teacher_region_name', ['regionId', 'name'])
@Index('idx_teacher_school_name', ['schoolId', 'name'])
@Index('idx_teacher_region_subject_name', ['regionId', 'subject', 'name'])
export class Teacher {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** 身份证号, GB 11643 with check digit; masked for roles that do not manage the teacher. */
  @Field(() => String)
  @UseMiddleware(maskUnlessManager)
  @Index('uq_teacher_id_number', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  idNumber!: string;

  @Field(() => Gender)
  @Column({ type: 'varchar', length: 8 })
  gender!: Gender;

  @Field(() => String)
  @Column({ type: 'date' })
  birthDate!: string;

  @Field(() => String, { nullable: true })
  @UseMiddleware(maskUnlessManager)
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Field(() => ID)
  @Column({ type: 'int' })
  schoolId!: number;

  /** The school's region, kept here so region-subtree lists filter on one indexed column. */
  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => Stage)
  @Column({ type: 'varchar', length: 16 })
  stage!: Stage;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  subject!: string;

  @Field(() => ProfessionalTitle)
  @Column({ type: 'varchar', length: 24, default: ProfessionalTitle.none })
  title!: ProfessionalTitle;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  hireDate!: string | null;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  rural!: boolean;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  isPrivate!: boolean;

  @Field(() => BackboneLevel)
  @Column({ type: 'varchar', length: 16, default: BackboneLevel.none })
  backboneLevel!: BackboneLevel;

  /** Bumped on every change; each bump has a TeacherChange row. */
  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version!: number;
}
