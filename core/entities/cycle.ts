import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A five-year continuing-education cycle (C-2), e.g. 2021–2025. */
@ObjectType()
@Entity('cycle')
@Index('uq_cycle_start', ['startYear'], { unique: true })
export class Cycle {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  startYear!: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  endYear!: number;
}
