import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool } from '../db/columns.js';
import { InstitutionKind, RegionLevel, Stage } from './enums.js';

/** A bureau, a school or a training institution (机构). */
@ObjectType()
@Entity('institution')
@Index('idx_institution_region_kind', ['regionId', 'kind'])
export class Institution {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code or school code' })
  @Column({ type: 'varchar', length: 32, nullable: true })
  code!: string | null;

  @Field(() => InstitutionKind)
  @Column({ type: 'varchar', length: 24 })
  kind!: InstitutionKind;

  /** For bureaus: the level of government they belong to. */
  @Field(() => RegionLevel, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  bureauLevel!: RegionLevel | null;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => ID, { nullable: true })
  @Index('idx_institution_parent')
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  /** Schools: the stage they teach. */
  @Field(() => Stage, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  stage!: Stage | null;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  rural!: boolean;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  isPrivate!: boolean;

  /** Full-time trainers employed (NT-3 capacity metric). */
  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  trainerCount!: number;
}
