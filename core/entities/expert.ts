import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool } from '../db/columns.js';
import { ProfessionalTitle } from './enums.js';

/** The expert database (C-16): project leads, experts and trainers named in projects. */
@ObjectType()
@Entity('expert')
@Index('idx_expert_region_name', ['regionId', 'name'])
export class Expert {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Field(() => ProfessionalTitle)
  @Column({ type: 'varchar', length: 24, default: ProfessionalTitle.none })
  title!: ProfessionalTitle;

  /** Employing institution, when the expert is on the staff of one in the platform. */
  @Field(() => ID, { nullable: true })
  @Index('idx_expert_employer')
  @Column({ type: 'int', nullable: true })
  employerId!: number | null;

  /** 正式在编: a formal employee of the employer. */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  formalStaff!: boolean;

  /** 一线教师: teaches in a school now. */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  frontLine!: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  subject!: string | null;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: 'bachelor, master, doctor' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  degree!: string | null;
}
