import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';

/** A fee charged to each trainee (kind e.g. training, lodging, meals). */
@ObjectType()
@Entity('fee_item')
@Index('idx_fee_item_project', ['projectId'])
export class FeeItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Field(() => Float)
  @Column(decimalColumn(12, 2))
  amount!: number;
}
