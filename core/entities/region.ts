import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RegionLevel } from './enums.js';

/** An administrative division; the id is its GB/T 2260 code (500000 重庆, 330110 余杭区). */
@ObjectType()
@Entity('region')
export class Region {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 6 })
  id!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Field(() => RegionLevel)
  @Column({ type: 'varchar', length: 16 })
  level!: RegionLevel;

  @Field(() => ID, { nullable: true })
  @Index('idx_region_parent')
  @Column({ type: 'varchar', length: 6, nullable: true })
  parentId!: string | null;
}
